package dev.aurelis.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the console's browser tests do to a page: read, type, wait for a condition, keep a screenshot. */
final class BrowserPage {

    private final ChromeDriver browser;
    private final Duration patience;

    /** @param patience how long {@link #waitUntil} waits for a condition the page reaches by itself */
    BrowserPage(ChromeDriver browser, Duration patience) {
        this.browser = browser;
        this.patience = patience;
    }

    String text(By by) {
        return wait(ExpectedConditions.visibilityOfElementLocated(by)).getText().strip();
    }

    List<String> column(By by) {
        return browser.findElements(by).stream().map(e -> e.getText().strip()).toList();
    }

    void type(By by, String value) {
        WebElement field = browser.findElement(by);
        field.clear();
        field.sendKeys(value);
    }

    <T> T wait(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(browser, patience).ignoring(StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }

    /** Into target/console-screenshots, and the documentation with -Daurelis.console.screenshots=docs/console. */
    void screenshot(String name) {
        try {
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Path target = Path.of("target", "console-screenshots");
            Files.createDirectories(target);
            Files.copy(shot, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            String docs = System.getProperty("aurelis.console.screenshots");
            if (docs != null && !docs.isBlank()) {
                Files.createDirectories(Path.of(docs));
                Files.copy(shot, Path.of(docs, name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
