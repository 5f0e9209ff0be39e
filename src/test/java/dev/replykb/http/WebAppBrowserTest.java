package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent and translator pages in a real browser: Debian's headless Chromium driven through its
 * chromedriver, against the app serving a copy of the bundled catalog. Screenshots of both pages
 * are saved under {@code target/screenshots/}.
 *
 * <p>Without Chromium (a developer machine) the tests are skipped; in CI ({@code CI} set), where
 * {@code .ci/run} installs it, they fail instead.
 */
class WebAppBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TOKEN = "a-translator-token-0123456789";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path root;
  static ReplySearch search;
  static Javalin app;
  static String base;
  static ChromeDriver browser;
  static WebDriverWait wait;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!available && System.getenv("CI") != null) {
      fail("CI needs Debian's chromium and chromium-driver; .ci/run installs them");
    }
    assumeTrue(available, "no /usr/bin/chromium and /usr/bin/chromedriver: browser tests skipped");
    root = TestCatalogs.copyBundled(dir);
    search = ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
    SourceHistory history = new SourceHistory(dir.resolve("index/source-history"));
    search.addUpdateListener(history::record);
    // The English refund reply changes while the server runs: its translations turn outdated,
    // and the history keeps the text they were made from.
    Path source = root.resolve("en/after-sales/refund-status.md");
    Files.writeString(
        source, Files.readString(source).replace("send us a screenshot", "send us a photo"));
    search.refresh(Set.of("en/after-sales/refund-status.md"));
    app =
        // Open mode: the pages' own flows; tokens and roles are EditingApiTest's and AccessTest's.
        ApiServer.create(search, Access.open(), history).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        "--window-size=1280,800",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    // Granted once for the app's origin (the session keeps it), so tests can read what it copied.
    browser.get(base + "/");
    wait.until(
        d ->
            "complete"
                .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    browser.setPermission("clipboard-read", "granted");
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (search != null) {
      search.close();
    }
  }

  @BeforeEach
  void wideWindow() {
    viewport(1280, 800);
  }

  /** Sizes the window so that the page itself (not the window frame) is width × height. */
  private static void viewport(int width, int height) {
    browser.manage().window().setSize(new Dimension(width, height));
    Number frame =
        (Number)
            ((JavascriptExecutor) browser)
                .executeScript("return window.outerHeight - window.innerHeight");
    browser.manage().window().setSize(new Dimension(width, height + frame.intValue()));
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void openAgentPage(String buyerLocale) {
    browser.get(base + "/");
    wait.until(d -> new Select(d.findElement(By.id("buyer"))).getOptions().size() > 1);
    new Select(browser.findElement(By.id("buyer"))).selectByValue(buyerLocale);
  }

  /** Types {@code query} and waits until the results shown are the ones for all of it. */
  private static WebElement searchFor(String query) {
    WebElement q = browser.findElement(By.id("q"));
    q.clear();
    q.sendKeys(query);
    wait.until(
        d ->
            query.equals(
                ((JavascriptExecutor) d)
                    .executeScript("return document.getElementById('results').dataset.query")));
    return q;
  }

  private static WebElement firstResult() {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#results li:first-child")));
  }

  private static String firstTitle() {
    return firstResult().findElement(By.className("title")).getText();
  }

  private static String previewText() {
    return browser.findElement(By.id("p-text")).getText();
  }

  private static void screenshot(String name) throws IOException {
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        SCREENSHOTS.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static String clipboard() {
    return (String)
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('!' + e))");
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** Every form control of the page has a label a screen reader reads. */
  private static void assertEveryControlIsLabelled() {
    @SuppressWarnings("unchecked")
    List<String> unlabelled =
        (List<String>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(e => e.type !== 'hidden' && !e.classList.contains('clip'))"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                        + ".map(e => e.id || e.outerHTML)");
    assertEquals(List.of(), unlabelled);
  }

  // --- the agent page ------------------------------------------------------------------------

  @Test
  void aChineseQueryForAGermanBuyerPutsTheGermanReplyFirstAndEnterCopiesIt() throws Exception {
    openAgentPage("de");
    // The search box has the focus from the start: the agent just types.
    assertEquals("q", browser.switchTo().activeElement().getAttribute("id"));
    WebElement q = searchFor("物流延迟");
    assertTrue(firstTitle().startsWith("Lieferverzögerung"), firstTitle());
    WebElement first = firstResult();
    assertEquals("de", first.findElement(By.className("badge")).getText());
    assertEquals("true", first.getAttribute("aria-selected"));
    assertTrue(previewText().startsWith("Guten Tag"), previewText());
    long usesBefore = get("/api/templates/logistics/delay-apology").get("uses").asLong();
    q.sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Copied"));
    assertTrue(clipboard().startsWith("Guten Tag"), clipboard());
    assertEquals(
        usesBefore + 1, get("/api/templates/logistics/delay-apology").get("uses").asLong());
    screenshot("agent");
    // The buyer's language is remembered for the next visit.
    browser.navigate().refresh();
    wait.until(d -> new Select(d.findElement(By.id("buyer"))).getOptions().size() > 1);
    assertEquals(
        "de",
        new Select(browser.findElement(By.id("buyer")))
            .getFirstSelectedOption()
            .getAttribute("value"));
    assertEveryControlIsLabelled();
  }

  @Test
  void arrowsMoveEscapeClearsAndSlashFocusesTheSearch() {
    openAgentPage("en");
    WebElement q = searchFor("refund");
    assertTrue(browser.findElements(By.cssSelector("#results li")).size() > 1);
    q.sendKeys(Keys.ARROW_DOWN);
    List<WebElement> results = browser.findElements(By.cssSelector("#results li"));
    assertEquals("true", results.get(1).getAttribute("aria-selected"));
    assertEquals("r-1", q.getAttribute("aria-activedescendant"));
    String second = results.get(1).findElement(By.className("title")).getText();
    assertEquals(second, browser.findElement(By.id("p-title")).getText());
    q.sendKeys(Keys.ARROW_UP);
    assertEquals("true", results.get(0).getAttribute("aria-selected"));
    q.sendKeys(Keys.ESCAPE);
    assertEquals("", q.getAttribute("value"));
    assertTrue(browser.findElements(By.cssSelector("#results li")).isEmpty());
    assertFalse(browser.findElement(By.id("preview")).isDisplayed());
    // Focus elsewhere, then '/' brings the agent back to the search box.
    browser.findElement(By.id("keys")).click();
    ((JavascriptExecutor) browser).executeScript("document.activeElement.blur()");
    new org.openqa.selenium.interactions.Actions(browser).sendKeys("/").perform();
    assertEquals("q", browser.switchTo().activeElement().getAttribute("id"));
    assertEquals("", q.getAttribute("value"), "the slash is not typed into the box");
  }

  @Test
  void aReplyWithoutAVariantInTheBuyersLanguageIsFlagged() {
    // The bundled catalog has no French bulk-order reply (and no test here writes one).
    openAgentPage("fr");
    searchFor("bulk order wholesale");
    WebElement first = firstResult();
    assertTrue(firstTitle().startsWith("Wholesale and bulk order"), first.getText());
    assertEquals("en", first.findElement(By.className("badge")).getText());
    assertTrue(
        first.findElement(By.className("warn")).getText().contains("No français (fr) reply"),
        first.getText());
    WebElement warning = browser.findElement(By.id("p-warning"));
    assertTrue(warning.isDisplayed());
    assertTrue(warning.getText().contains("shown in English (en)"), warning.getText());
  }

  @Test
  void placeholdersFilledInTheFormRenderTheReplyLive() throws Exception {
    openAgentPage("de");
    searchFor("物流延迟");
    assertTrue(firstTitle().startsWith("Lieferverzögerung"), firstTitle());
    browser.findElement(By.id("v-customer")).sendKeys("Frau Schmidt");
    WebElement days = browser.findElement(By.id("v-days"));
    assertEquals("number", days.getAttribute("type"));
    days.sendKeys("3");
    wait.until(d -> previewText().contains("innerhalb von 3 Tagen"));
    assertTrue(previewText().startsWith("Guten Tag Frau Schmidt,"), previewText());
    // What is not filled yet stays visible, marked.
    assertEquals(
        "{orderId}", browser.findElement(By.cssSelector("#p-text mark.missing")).getText());
    screenshot("agent-placeholders");
    // Enter in the form copies the rendered reply.
    days.sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Copied"));
    assertTrue(clipboard().contains("innerhalb von 3 Tagen"), clipboard());
    assertTrue(
        browser.findElement(By.id("status")).getText().contains("not filled: {orderId}"),
        browser.findElement(By.id("status")).getText());
  }

  @Test
  void arabicRunsRightToLeftAndChineseGetsItsOwnFont() {
    openAgentPage("ar");
    searchFor("refund");
    firstResult();
    WebElement text = browser.findElement(By.id("p-text"));
    wait.until(d -> "ar".equals(text.getAttribute("lang")));
    assertEquals("rtl", text.getAttribute("dir"));
    assertEquals("rtl", text.getCssValue("direction"));
    openAgentPage("zh-Hant");
    searchFor("refund");
    firstResult();
    wait.until(d -> "zh-Hant".equals(text(d).getAttribute("lang")));
    assertEquals("ltr", text(browser).getAttribute("dir"));
    assertTrue(
        text(browser).getCssValue("font-family").contains("Noto Sans CJK TC"),
        text(browser).getCssValue("font-family"));
  }

  private static WebElement text(org.openqa.selenium.WebDriver d) {
    return d.findElement(By.id("p-text"));
  }

  @Test
  void onANarrowWindowThePreviewGoesBelowTheResults() throws IOException {
    viewport(480, 900);
    openAgentPage("ja");
    searchFor("追跡番号");
    WebElement first = firstResult();
    WebElement preview = browser.findElement(By.id("preview"));
    wait.until(d -> preview.isDisplayed());
    assertTrue(
        preview.getLocation().getY() > first.getLocation().getY(),
        "one column: the preview follows the results");
    Number pageWidth =
        (Number)
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth");
    assertTrue(pageWidth.intValue() <= 480, "no sideways scrolling: " + pageWidth);
    screenshot("agent-narrow");
  }

  // --- the translator page -------------------------------------------------------------------

  /** The translator page in a tab that has no token yet: the first save asks for it. */
  private static void openTranslatorPage() {
    browser.get(base + "/translate");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
  }

  private static WebElement cell(String id, String locale) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.cssSelector("button[data-id='" + id + "'][data-locale='" + locale + "']")));
  }

  private static void typeToken() {
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    token.sendKeys(TOKEN, Keys.ENTER);
  }

  @Test
  void aTranslatorFixesAnOutdatedTranslationAndItsStatusTurnsCurrent() throws Exception {
    openTranslatorPage();
    WebElement outdated = cell("after-sales/refund-status", "de");
    assertEquals("outdated", outdated.getAttribute("data-state"));
    screenshot("translate");
    outdated.click();
    WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editor")));
    // What changed in the English source since the German was written.
    WebElement changes = browser.findElement(By.id("e-diff"));
    wait.until(d -> changes.isDisplayed());
    assertEquals("photo", changes.findElement(By.tagName("ins")).getText().strip());
    assertEquals("screenshot", changes.findElement(By.tagName("del")).getText().strip());
    assertTrue(
        browser.findElement(By.id("e-placeholders")).getText().contains("✓ {refundDate}"),
        browser.findElement(By.id("e-placeholders")).getText());
    // The translator follows the change: Screenshot becomes Foto.
    WebElement body = browser.findElement(By.id("e-body"));
    String german = body.getAttribute("value");
    assertTrue(german.contains("einen Screenshot"), german);
    body.clear();
    body.sendKeys(german.replace("einen Screenshot", "ein Foto"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("e-checks"), "No findings"));
    // A placeholder lost while typing shows at once, before any save.
    body.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), " {bogus}");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("e-placeholders"), "{bogus} not in the source"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("e-checks"), "{bogus} is not in the source variant"));
    body.sendKeys(Keys.BACK_SPACE.toString().repeat(" {bogus}".length()));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("e-checks"), "No findings"));
    screenshot("translate-editor");
    browser.findElement(By.id("e-save")).click();
    typeToken();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("e-message"), "current"));
    assertEquals("current", browser.findElement(By.id("e-state")).getText());
    assertTrue(
        Files.readString(root.resolve("de/after-sales/refund-status.md")).contains("ein Foto"));
    browser.findElement(By.id("e-close")).click();
    wait.until(ExpectedConditions.invisibilityOf(editor));
    assertEquals("current", cell("after-sales/refund-status", "de").getAttribute("data-state"));
    assertEveryControlIsLabelled();
  }

  @Test
  void aSaveAfterSomeoneElseSavedShowsTheirVersionAndLetsTheTranslatorKeepTheirs()
      throws Exception {
    openTranslatorPage();
    cell("inquiry/shipping-cost", "fr").click();
    WebElement body = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("e-body")));
    String mine = body.getAttribute("value") + " Bonne journée !";
    body.clear();
    body.sendKeys(mine);
    // Another translator saves the same variant meanwhile.
    HttpResponse<String> variant =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/templates/inquiry/shipping-cost/fr"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode theirs = JSON.readTree(variant.body());
    String theirBody = theirs.get("body").asText() + " Merci de votre confiance.";
    String draft =
        JSON.writeValueAsString(
            java.util.Map.of(
                "title", theirs.get("title").asText(),
                "tone", theirs.get("tone").asText(),
                "tags", theirs.get("tags"),
                "examples", theirs.get("examples"),
                "body", theirBody));
    HttpResponse<String> saved =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/templates/inquiry/shipping-cost/fr"))
                .PUT(HttpRequest.BodyPublishers.ofString(draft))
                .header("Authorization", "Bearer " + TOKEN)
                .header("If-Match", variant.headers().firstValue("ETag").orElseThrow())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, saved.statusCode(), saved.body());
    browser.findElement(By.id("e-save")).click();
    typeToken();
    WebElement conflict =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("e-conflict")));
    assertTrue(
        browser.findElement(By.id("e-their-body")).getText().contains("Merci de votre confiance."));
    // Keep mine: the next save replaces their version knowingly.
    browser.findElement(By.id("e-keep-mine")).click();
    assertFalse(conflict.isDisplayed());
    browser.findElement(By.id("e-save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("e-message"), "Saved"));
    String file = Files.readString(root.resolve("fr/inquiry/shipping-cost.md"));
    assertTrue(file.contains("Bonne journée !"), file);
  }

  @Test
  void aTranslatorWritesAMissingTranslationWithTheKeyboard() throws Exception {
    openTranslatorPage();
    WebElement missing = cell("thanks/review-request", "de");
    assertEquals("missing", missing.getAttribute("data-state"));
    missing.sendKeys(Keys.ENTER);
    WebElement title =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("e-title-input")));
    assertEquals("", title.getAttribute("value"));
    title.sendKeys("Bitte um Ihre Bewertung");
    WebElement body = browser.findElement(By.id("e-body"));
    body.sendKeys(
        "Guten Tag {customer}, wir freuen uns, dass Ihre Bestellung {orderId} gut angekommen ist."
            + " Über eine kurze Bewertung würden wir uns sehr freuen.");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("e-placeholders"), "✓ {orderId}"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("e-checks"), "No findings"));
    body.sendKeys(Keys.chord(Keys.CONTROL, "s"));
    typeToken();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("e-message"), "Saved"));
    assertTrue(Files.exists(root.resolve("de/thanks/review-request.md")));
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.ESCAPE).perform();
    WebElement written = cell("thanks/review-request", "de");
    assertEquals("current", written.getAttribute("data-state"));
    // Focus is back on the cell the translator came from.
    assertEquals(
        "thanks/review-request", browser.switchTo().activeElement().getAttribute("data-id"));
  }
}
