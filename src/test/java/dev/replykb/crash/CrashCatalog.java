package dev.replykb.crash;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.TemplateId;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.VariantText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small catalog the kill -9 harness edits: a few templates in English, German and French only
 * (no dictionary of Chinese, Japanese or Korean to load, so a server starts in a second), and the
 * drafts of German and French variants that carry a marker word.
 */
final class CrashCatalog {
  private CrashCatalog() {}

  /** The templates, each with an English source and German and French translations. */
  static final List<TemplateId> TEMPLATES =
      List.of(
          TemplateId.parse("logistics/late-parcel"),
          TemplateId.parse("logistics/address-change"),
          TemplateId.parse("after-sales/return-label"),
          TemplateId.parse("thanks/review-thanks"));

  /** The locales the harness writes; English is the source and is never edited. */
  static final List<ULocale> EDITED = List.of(new ULocale("de"), new ULocale("fr"));

  /** Every marker word starts so, and no word of the catalog otherwise does. */
  static final String MARKER_PREFIX = "kx";

  private static final Pattern MARKER = Pattern.compile("\\b" + MARKER_PREFIX + "[a-z]+\\b");

  /** Writes the catalog into {@code root}: settings, house rules, and every variant. */
  static void write(Path root) throws IOException {
    Files.createDirectories(root);
    Files.writeString(
        root.resolve("catalog.yaml"),
        "source-locale: en\nfallback-locale: en\n",
        StandardCharsets.UTF_8);
    Files.copy(TestCatalogs.bundled().resolve("rules.yaml"), root.resolve("rules.yaml"));
    for (TemplateId id : TEMPLATES) {
      TestCatalogs.write(
          root,
          "en/" + id.category() + "/" + id.name() + ".md",
          "---\ntitle: "
              + english(id)
              + "\ntags: [order, parcel]\ntone: formal\n---\n"
              + "Hello {customer}, about your order {orderId}: "
              + english(id).toLowerCase(Locale.ROOT)
              + ".\n");
      for (ULocale locale : EDITED) {
        TestCatalogs.write(
            root, CatalogEditor.file(id, locale), VariantText.of(draft(id, locale, null), null));
      }
    }
  }

  private static String english(TemplateId id) {
    return switch (id.name()) {
      case "late-parcel" -> "Late parcel";
      case "address-change" -> "Address change";
      case "return-label" -> "Return label";
      default -> "Thanks for the review";
    };
  }

  /**
   * The German or French variant of {@code id}, its body naming the marker word {@code marker}
   * (none when null).
   */
  static CatalogEditor.Draft draft(TemplateId id, ULocale locale, String marker) {
    boolean german = locale.getLanguage().equals("de");
    String title =
        switch (id.name()) {
          case "late-parcel" -> german ? "Paket verspätet" : "Colis en retard";
          case "address-change" -> german ? "Adressänderung" : "Changement d'adresse";
          case "return-label" -> german ? "Rücksendeetikett" : "Étiquette de retour";
          default -> german ? "Danke für die Bewertung" : "Merci pour votre avis";
        };
    String body =
        german
            ? "Guten Tag {customer}, zu Ihrer Bestellung {orderId}: "
                + title
                + (marker == null ? "." : ". Vermerk " + marker + ".")
                + "\n\nMit freundlichen Grüßen"
            : "Bonjour {customer}, au sujet de votre commande {orderId} : "
                + title.toLowerCase(Locale.ROOT)
                + (marker == null ? "." : ". Mention " + marker + ".")
                + "\n\nCordialement";
    return new CatalogEditor.Draft(title, null, null, null, "formal", null, null, body);
  }

  /** Marker words are {@link #MARKER_PREFIX}, this many letters, and a final q. */
  private static final int MARKER_LETTERS = 8;

  private static final BigInteger MARKERS = BigInteger.valueOf(26).pow(MARKER_LETTERS);

  /**
   * What a counter is multiplied by before it is spelled: prime to 26 (so different counters give
   * different markers), and with no base-26 digit 0 or 25, so every letter of the next counter's
   * marker differs and no two markers in the index are a typo apart (a search corrects typos, and
   * would find the other variant as well).
   */
  private static final BigInteger SPREAD = base26(7, 19, 3, 11, 23, 5, 17, 13);

  /** The number of these base-26 digits, lowest first. */
  private static BigInteger base26(int... digits) {
    long value = 0;
    for (int i = digits.length - 1; i >= 0; i--) {
      value = value * 26 + digits[i];
    }
    return BigInteger.valueOf(value);
  }

  /**
   * The marker word of counter value {@code n}: {@link #MARKER_PREFIX}, {@code n} spread over
   * {@value #MARKER_LETTERS} letters (letters only, so every analyzer keeps it one word), and q.
   */
  static String marker(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a negative counter: " + n);
    }
    long spread = BigInteger.valueOf(n).multiply(SPREAD).mod(MARKERS).longValueExact();
    StringBuilder letters = new StringBuilder(MARKER_PREFIX);
    for (int i = 0; i < MARKER_LETTERS; i++) {
      letters.append((char) ('a' + spread % 26));
      spread /= 26;
    }
    return letters.append('q').toString();
  }

  /** The marker words in a text. */
  static List<String> markers(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  /** The entity tag {@link CatalogEditor} gives a file of these bytes. */
  static String etag(byte[] bytes) {
    return CatalogEditor.etagOf(bytes);
  }
}
