package dev.wslab.chat.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page in one headless browser, driven the way a person would use it. */
final class ChatPage implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private ChatPage(ChromeDriver driver) {
        this.driver = driver;
        // The page re-renders its lists on every event, so an element found a moment ago may be gone.
        this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** A fresh browser showing nothing yet. */
    /**
     * The browser console's messages since the last call that mention the Content-Security-Policy,
     * i.e. everything the page tried and the policy refused.
     */
    List<String> cspViolations() {
        List<String> found = new java.util.ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry entry : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy") || entry.getMessage().contains("Content-Security-Policy")) {
                found.add(entry.getMessage());
            }
        }
        return found;
    }

    /**
     * Adds an inline script to the page, as an injection would; under the page's CSP it must not run.
     *
     * @return whether it ran
     */
    boolean inlineScriptRuns() {
        driver.executeScript("const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true;';"
                + " document.head.appendChild(s);");
        return Boolean.TRUE.equals(driver.executeScript("return window.__inlineRan === true;"));
    }

    static ChatPage start() {
        return new ChatPage(HeadlessChromium.start());
    }

    /** Loads the chat page of {@code server} (each server has its own origin, so no login carries over). */
    ChatPage visit(URI server) {
        driver.get(server.resolve("/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
        return this;
    }

    /** Loads the page at exactly this address (e.g. served from another origin). */
    ChatPage visitExactly(URI page) {
        driver.get(page.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
        return this;
    }

    /** Clicks "register" and waits until the page shows why it could not log in. */
    String registerExpectingFailure(String name, String password) {
        fillCredentials(name, password);
        driver.findElement(By.id("register-btn")).click();
        return wait.until(d -> {
            String text = d.findElement(By.id("login-error")).getText();
            return text.isBlank() ? null : text;
        });
    }

    /** Leaves the page (its connection closes as when a tab is closed). */
    void leave() {
        driver.get("about:blank");
    }

    ChatPage register(String name, String password) {
        fillCredentials(name, password);
        driver.findElement(By.id("register-btn")).click();
        awaitConnected();
        return transportChoice().equals("auto") ? awaitUpgraded() : this;
    }

    /** Registers and waits only until the page is online (in "auto" mode: on long polling, before any upgrade). */
    ChatPage registerWithoutAwaitingTheUpgrade(String name, String password) {
        fillCredentials(name, password);
        driver.findElement(By.id("register-btn")).click();
        return awaitConnected();
    }

    /** Registers in "auto" mode where the upgrade must fail: waits until the page says it stays on polling. */
    ChatPage registerStayingOnPolling(String name, String password) {
        fillCredentials(name, password);
        driver.findElement(By.id("register-btn")).click();
        wait.until(d -> "online".equals(d.findElement(By.id("status")).getAttribute("data-state"))
                && d.findElement(By.id("status-text")).getText().contains("WebSocket unavailable"));
        return this;
    }

    ChatPage login(String name, String password) {
        fillCredentials(name, password);
        driver.findElement(By.id("login-btn")).click();
        awaitConnected();
        return transportChoice().equals("auto") ? awaitUpgraded() : this;
    }

    private void fillCredentials(String name, String password) {
        WebElement nameField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
        nameField.clear();
        nameField.sendKeys(name);
        WebElement passwordField = driver.findElement(By.id("login-password"));
        passwordField.clear();
        passwordField.sendKeys(password);
    }

    ChatPage awaitConnected() {
        wait.until(d -> "online".equals(d.findElement(By.id("status")).getAttribute("data-state")));
        return this;
    }

    /**
     * After a login in the default "auto" mode: waits until the page has moved its session from long
     * polling to a WebSocket.
     */
    ChatPage awaitUpgraded() {
        wait.until(d -> "online".equals(d.findElement(By.id("status")).getAttribute("data-state"))
                && d.findElement(By.id("status-text")).getText().contains("WebSocket"));
        return this;
    }

    /** The transport chosen in the page's menu: auto, websocket or polling. */
    String transportChoice() {
        return new Select(driver.findElement(By.id("transport"))).getFirstSelectedOption().getAttribute("value");
    }

    /** Waits until the page has noticed that its connection is gone. */
    ChatPage awaitDisconnected() {
        wait.until(d -> !"online".equals(d.findElement(By.id("status")).getAttribute("data-state")));
        return this;
    }

    String status() {
        return driver.findElement(By.id("status-text")).getText();
    }

    ChatPage useTransport(String value) {
        new Select(driver.findElement(By.id("transport"))).selectByValue(value);
        wait.until(d -> d.findElement(By.id("status-text")).getText().contains(
                value.equals("polling") ? "long polling" : "WebSocket"));
        return awaitConnected();
    }

    ChatPage enableInspector() {
        driver.findElement(By.id("inspector-toggle")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("inspector")));
        return awaitConnected();
    }

    ChatPage join(String room) {
        WebElement input = driver.findElement(By.id("room-input"));
        input.sendKeys(room);
        driver.findElement(By.id("join-btn")).click();
        wait.until(d -> d.findElements(By.cssSelector("#my-rooms li.selected[data-room='" + room + "']")).size() == 1);
        return this;
    }

    ChatPage send(String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("message-input")));
        input.sendKeys(text);
        driver.findElement(By.id("send-btn")).click();
        return this;
    }

    /** Waits until a message with this text from this sender is on screen. */
    ChatPage awaitMessage(String sender, String text) {
        wait.until(d -> shownMessages().contains(sender + ": " + text));
        return this;
    }

    /**
     * From now on, keeps every event of every long-poll answer the page receives (in
     * {@link #polledEvents}), by wrapping the page's {@code fetch}: what came over the wire, before the
     * page drops a repeat.
     */
    void recordPolledEvents() {
        driver.executeScript("if (window.__polled) return; window.__polled = []; const original = window.fetch;"
                + " window.fetch = async (...args) => { const response = await original(...args);"
                + " if (String(args[0]).includes('/events?') && response.status === 200) {"
                + " const body = await response.clone().json(); window.__polled.push(...body.events); }"
                + " return response; };");
    }

    /** The events recorded since {@link #recordPolledEvents}, in the order the page got them. */
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> polledEvents() {
        return List.copyOf((List<java.util.Map<String, Object>>) driver.executeScript("return window.__polled || [];"));
    }

    /** Waits until a line of the room's log (e.g. "bob joined") is on screen. */
    ChatPage awaitSystemLine(String startsWith) {
        wait.until(d -> texts("#messages li.system").stream().anyMatch(line -> line.startsWith(startsWith)));
        return this;
    }

    /** The texts of the messages on screen, in order. */
    List<String> messages() {
        return texts("#messages li.msg .text");
    }

    /** "sender: text" for each message on screen, read in one script so a re-render cannot interleave. */
    private List<String> shownMessages() {
        return strings(driver.executeScript("return [...document.querySelectorAll('#messages li.msg')]"
                + ".map(m => m.querySelector('.meta b').textContent + ': ' + m.querySelector('.text').textContent);"));
    }

    private List<String> texts(String css) {
        return strings(driver.executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object scriptResult) {
        return List.copyOf((List<String>) scriptResult);
    }

    List<String> onlineUsers() {
        return texts("#users li");
    }

    /** The online list is filled by an asynchronous {"type":"users"} answer: wait for it instead of reading once. */
    void awaitOnlineUsers(List<String> users) {
        wait.until(d -> onlineUsers().equals(users));
    }

    List<String> roomMembers() {
        return texts("#members li");
    }

    /** Waits until the "All rooms" directory lists exactly {@code rooms}, in order; returns its last line. */
    String awaitDirectory(List<String> rooms) {
        wait.until(d -> strings(driver.executeScript("return [...document.querySelectorAll('#all-rooms li[data-room]')]"
                + ".map(e => e.dataset.room);")).equals(rooms));
        List<String> lines = texts("#all-rooms li");
        return lines.get(lines.size() - 1);
    }

    /** Waits until an inspector row's cells contain all of {@code parts}; returns the row's cells. */
    @SuppressWarnings("unchecked")
    List<String> awaitInspectorRow(String... parts) {
        return wait.until(d -> {
            List<List<String>> rows = (List<List<String>>) driver.executeScript("return [...document.querySelectorAll('#frames tr')]"
                    + ".map(r => [...r.querySelectorAll('td')].map(c => c.textContent));");
            for (List<String> cells : rows) {
                String joined = String.join(" | ", cells);
                boolean all = true;
                for (String part : parts) {
                    all &= joined.contains(part);
                }
                if (all) {
                    return List.copyOf(cells);
                }
            }
            return null;
        });
    }

    String handshakeText() {
        return wait.until(d -> {
            String text = d.findElement(By.id("inspector-handshake")).getText();
            return text.contains("101") ? text : null;
        });
    }

    /** Saves what the browser shows as a PNG (a build artifact for people to look at). */
    Path screenshot(Path file) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
