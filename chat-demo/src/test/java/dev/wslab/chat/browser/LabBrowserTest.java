package dev.wslab.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A student in headless Chromium uses the protocol lab at {@code /lab}: types requests and frames, clicks,
 * reads the verdicts, answers exercises, and pastes things that are not what the lab wants (not hex,
 * 10 MB, a request that is not one), always getting a clear message and never a stack trace.
 */
class LabBrowserTest {
    private static ChatServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        HeadlessChromium.requireInstalled();
        server = TestServers.start(TestServers.config());
        driver = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openTheLab() {
        driver.get(server.httpUri() + "/lab");
        await().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        driver.manage().logs().get(LogType.BROWSER); // start each test with an empty console
    }

    private static WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    private static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private static String textOf(String id) {
        return byId(id).getText();
    }

    private static void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    private static String awaitText(String id, String contained) {
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), contained));
        return textOf(id);
    }

    private static void assertNoStackTraceOnThePage() {
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("NullPointer");
    }

    @Test
    void theHandshakeLabShowsEveryRuleAndWhatEachOriginPolicyAnswersToTheSeedsRequest() {
        new Select(byId("hs-start")).selectByValue("seed");
        assertThat(byId("hs-request").getAttribute("value")).contains("Origin: http://localhost:9000")
                .contains("Host: localhost:8080");
        new Select(byId("hs-policy")).selectByValue("same-host");
        byId("hs-run").click();
        assertThat(awaitText("hs-verdict", "REJECTED")).contains("403").contains("http://localhost:9000");
        List<String> failed = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#hs-checks tr.fail"))) {
            failed.add(row.getText());
        }
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)).startsWith("FAIL").contains("Origin").contains("RFC 6455 §4.2.2");
        assertThat(driver.findElements(By.cssSelector("#hs-checks tr.pass"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(textOf("hs-response")).startsWith("HTTP/1.1 403 Forbidden\\r\\n");

        type("hs-origins", "http://localhost:9000");
        byId("hs-run").click();
        assertThat(awaitText("hs-verdict", "ACCEPTED")).contains("101 Switching Protocols");
        assertThat(textOf("hs-key")).contains("258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                .contains("Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assertThat(textOf("hs-response")).contains("Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assertNoCspViolations();
    }

    @Test
    void aStudentEditsARequestByHandAndBreaksIt() {
        WebElement request = byId("hs-request");
        request.clear();
        request.sendKeys("GET /chat HTTP/1.1\nHost: example.com\nUpgrade: websocket\nConnection: keep-alive\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n");
        byId("hs-run").click();
        assertThat(awaitText("hs-verdict", "REJECTED")).contains("400").contains("§4.2.1 item 4");
        // The accept is still derived, step by step: the rules are all listed, not only the first broken one.
        assertThat(textOf("hs-key")).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

        // Built from its parts: HTTP/1.0 and no key.
        byId("hs-builder").findElement(By.tagName("summary")).click();
        type("q-version", "HTTP/1.0");
        byId("q-key").clear();
        byId("q-write").click();
        assertThat(request.getAttribute("value")).startsWith("GET /chat HTTP/1.0\nHost: server.example.com\n")
                .doesNotContain("Sec-WebSocket-Key");
        byId("hs-run").click();
        assertThat(awaitText("hs-verdict", "REJECTED")).contains("400").contains("§4.2.1 item 1");
        assertThat(textOf("hs-key")).contains("no Sec-WebSocket-Key");

        request.clear();
        request.sendKeys("this is not an HTTP request");
        byId("hs-run").click();
        assertThat(awaitText("hs-verdict", "not finished")).contains("empty line");
        assertNoStackTraceOnThePage();
    }

    @Test
    void theFrameLabAnnotatesBuildsAndInflates() {
        type("fr-hex", "81 85 37 fa 21 3d 7f 9f 4d 51 58");
        new Select(byId("fr-sender")).selectByValue("client");
        byId("fr-annotate").click();
        assertThat(awaitText("fr-verdict", "VALID")).contains("1 frame");
        assertThat(textOf("fr-text")).contains("MASK").contains("37 fa 21 3d").contains("Hello");

        type("fr-hex", "89 7e 00 7e");
        new Select(byId("fr-sender")).selectByValue("unknown");
        byId("fr-annotate").click();
        assertThat(awaitText("fr-verdict", "INVALID")).contains("1002");

        new Select(byId("b-opcode")).selectByVisibleText("text");
        type("b-mask", "37fa213d");
        type("b-text", "Hello");
        byId("b-build").click();
        assertThat(awaitText("b-hex", "81")).isEqualTo("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertThat(textOf("b-length")).isEqualTo("11 bytes");

        new Select(byId("fr-example")).selectByVisibleText("RFC 7692 §7.2.3.1: \"Hello\" compressed");
        assertThat(byId("fr-deflate").isSelected()).isTrue();
        byId("fr-annotate").click();
        assertThat(awaitText("fr-inflated", "inflated")).contains("\"Hello\"");
        assertThat(textOf("fr-verdict")).startsWith("VALID with permessage-deflate");
        assertNoCspViolations();
    }

    @Test
    void badFramesGetAClearMessageNeverAStackTrace() {
        type("fr-hex", "81 zz 48");
        byId("fr-annotate").click();
        assertThat(awaitText("fr-error", "hex")).contains("'z' is not a hex digit");

        type("fr-hex", "81 0");
        byId("fr-annotate").click();
        assertThat(awaitText("fr-error", "odd number")).contains("two digits");

        // A 10 MB paste: the page says what the limit is without sending it.
        driver.executeScript("const f = document.getElementById('fr-hex');"
                + "f.value = 'ab'.repeat(5 * 1024 * 1024); f.dispatchEvent(new Event('input'));");
        byId("fr-annotate").click();
        assertThat(awaitText("fr-error", "Paste less")).contains("16,384 bytes");

        // And a page that sends it anyway gets the server's 413 as JSON with a reason.
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/lab/api/frame', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + "  body: JSON.stringify({hex: 'ab'.repeat(60000)})})"
                        + ".then(r => r.json().then(j => done({status: r.status, reason: j.reason})))"
                        + ".catch(e => done({status: -1, reason: String(e)}));");
        assertThat(answer.get("status")).isEqualTo(413L);
        assertThat((String) answer.get("reason")).contains("65536 bytes");

        type("b-mask", "12");
        byId("b-build").click();
        assertThat(awaitText("b-error", "masking key")).contains("8 hex digits");
        assertNoStackTraceOnThePage();
    }

    @Test
    void exercisesAreLoadedIntoTheLabAndCheckedByTheServer() {
        WebElement exercise = byId("ch2-seed-chat-policy");
        exercise.findElement(By.cssSelector(".ex-load")).click();
        assertThat(awaitText("hs-verdict", "REJECTED")).contains("403");
        exercise.findElement(By.cssSelector(".ex-answer")).sendKeys("403");
        exercise.findElement(By.cssSelector(".ex-check")).click();
        await().until(d -> exercise.findElement(By.cssSelector(".ex-result")).getText().startsWith("Right"));

        WebElement unmask = byId("ch3-unmask");
        unmask.findElement(By.cssSelector(".ex-answer")).sendKeys("Help");
        unmask.findElement(By.cssSelector(".ex-check")).click();
        await().until(d -> unmask.findElement(By.cssSelector(".ex-result")).getText().startsWith("Not yet"));
        WebElement answer = unmask.findElement(By.cssSelector(".ex-answer"));
        answer.clear();
        answer.sendKeys("hello\n");
        await().until(d -> unmask.findElement(By.cssSelector(".ex-result")).getText().startsWith("Right"));

        assertThat(driver.findElements(By.cssSelector(".exercise"))).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void aLinkToAnExerciseHighlightsItAndTheChatPageLinksTheLab() {
        driver.get(server.httpUri() + "/lab/#ch3-oversized-ping");
        await().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        await().until(d -> byId("ch3-oversized-ping").getAttribute("class").contains("highlight"));

        driver.get(server.httpUri() + "/");
        byId("lab-link").click();
        await().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertThat(driver.getCurrentUrl()).endsWith("/lab/");
        assertThat(driver.getTitle()).isEqualTo("wslab protocol lab");
    }

    private static void assertNoCspViolations() {
        List<String> violations = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy") || entry.getMessage().contains("Content-Security-Policy")) {
                violations.add(entry.getMessage());
            }
        }
        assertThat(violations).isEmpty();
    }
}
