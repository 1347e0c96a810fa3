package dev.wslab.chat.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless Chromium through Debian's chromium-driver, with nothing downloaded: the
 * driver and the browser are named explicitly, so Selenium Manager is never asked to find (or fetch)
 * either. When they are missing the tests fail with the command that installs them: a browser test
 * that silently skips would hide a broken page.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /** Fails (not skips) with a useful message when the browser or its driver is not installed. */
    static void requireInstalled() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("the browser tests need Debian's headless Chromium: " + BROWSER + " and " + DRIVER
                    + " must exist. Install them with 'apt-get install -y chromium chromium-driver' "
                    + "(./wslab test and .ci/run do this).");
        }
    }

    /** A fresh browser with its own empty profile. */
    static ChromeDriver start() {
        requireInstalled();
        // Selenium reads this before it would consult Selenium Manager; with it set, nothing is resolved online.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("wslab-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1440,1000",
                "--user-data-dir=" + profile);
        // The console is read back to prove the page runs under its Content-Security-Policy without a
        // single violation (Chromium reports each one there).
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
