package dev.replykb.bench;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.SourceHash;
import dev.replykb.translate.VariantText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a large catalog in the real format for benchmarks, deterministic from a seed: the catalog
 * of a marketplace where thousands of shops keep their own versions of the same kinds of replies.
 *
 * <p>Every generated template is one of the seed catalog's templates as a shop has adapted it: its
 * own brand and product line in the title, tags and body, a subset of the tags and buyer messages,
 * the placeholders and plurals of the original. Its id is the original's with a shop suffix ({@code
 * logistics/delay-apology-s4f2}), and {@code corpus.tsv} maps it back, so that relevance can be
 * judged by intent. About one translation in eight is missing, as in real catalogs. Locales beyond
 * the seed's are regional copies of their language ({@code es-MX} from {@code es}).
 */
public final class CorpusGenerator {
  /** The file that maps each generated id to the seed template it was made from. */
  public static final String MAP_FILE = "corpus.tsv";

  /** Share of translations left out. */
  static final double MISSING = 0.12;

  /** Regional locales added after the seed's own, each copied from the variant of its language. */
  private static final Map<String, String> REGIONAL =
      new java.util.LinkedHashMap<>(
          Map.of(
              "es-MX", "es",
              "pt-PT", "pt-BR",
              "fr-CA", "fr",
              "de-AT", "de",
              "en-GB", "en",
              "zh-HK", "zh-Hant"));

  /** "Product" in the languages of the seed, for the shop's product line in a body. */
  private static final Map<String, String> PRODUCT =
      Map.ofEntries(
          Map.entry("en", "Product: "),
          Map.entry("de", "Artikel: "),
          Map.entry("fr", "Article : "),
          Map.entry("es", "Artículo: "),
          Map.entry("pt", "Produto: "),
          Map.entry("ru", "Товар: "),
          Map.entry("ar", "المنتج: "),
          Map.entry("ja", "商品："),
          Map.entry("zh", "商品："),
          Map.entry("ko", "상품: "),
          Map.entry("it", "Articolo: "),
          Map.entry("nl", "Artikel: "));

  private static final String[] SYLLABLES = {
    "lu", "men", "ka", "ia", "nor", "del", "vel", "ora", "sun", "mi", "ko", "ta", "ri", "zen", "bo",
    "la", "ne", "xi", "pa", "tor", "an", "lis", "mar", "quo", "fen", "dra", "sol", "vi", "ru", "em"
  };

  private final Catalog seed;
  private final long seedValue;

  /** A generator over the templates of {@code seed}, with random choices from {@code seedValue}. */
  public CorpusGenerator(Catalog seed, long seedValue) {
    this.seed = seed;
    this.seedValue = seedValue;
  }

  /** What was written. */
  public record Written(int templates, long variants, List<String> locales) {}

  /**
   * Writes {@code templates} templates in {@code locales} locales (the source first) under {@code
   * out}, which must be empty or absent.
   */
  public Written write(int templates, int locales, Path out) throws IOException {
    String source = seed.settings().sourceLocale().toLanguageTag();
    List<String> tags = localeTags(source, locales);
    List<Template> bases =
        seed.templates().stream().filter(t -> t.variant(source).isPresent()).toList();
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("the seed catalog has no template with a source variant");
    }
    if (Files.exists(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(out + " is not empty");
        }
      }
    }
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("catalog.yaml"),
        "source-locale: " + source + "\nfallback-locale: " + source + "\n",
        StandardCharsets.UTF_8);
    long[] counts = new long[templates];
    String[] lines = new String[templates];
    // Each template draws from its own stream of the seed: the output does not depend on threads.
    IntStream.range(0, templates)
        .parallel()
        .forEach(
            i -> {
              Template base = bases.get(i % bases.size());
              TemplateId id =
                  new TemplateId(
                      base.id().category(), base.id().name() + "-s" + Integer.toString(i, 36));
              counts[i] =
                  writeTemplate(id, base, tags, new SplittableRandom(seedValue * 31 + i), out);
              lines[i] = id + "\t" + base.id();
            });
    try (BufferedWriter map = Files.newBufferedWriter(out.resolve(MAP_FILE))) {
      map.write("id\tintent\n");
      for (String line : lines) {
        map.write(line);
        map.write('\n');
      }
    }
    long variants = 0;
    for (long c : counts) {
      variants += c;
    }
    return new Written(templates, variants, tags);
  }

  /** The source locale, then the seed's other locales by size, then regional copies. */
  private List<String> localeTags(String source, int wanted) {
    List<String> tags = new ArrayList<>();
    tags.add(source);
    seed.variantCountsByLocale().entrySet().stream()
        .filter(e -> !e.getKey().equals(source))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> tags.add(e.getKey()));
    for (Map.Entry<String, String> regional : REGIONAL.entrySet()) {
      if (tags.contains(regional.getValue())) {
        tags.add(regional.getKey());
      }
    }
    if (wanted < 1 || wanted > tags.size()) {
      throw new IllegalArgumentException(
          "--locales must be between 1 and " + tags.size() + " for this seed catalog");
    }
    return tags.subList(0, wanted);
  }

  private static long writeTemplate(
      TemplateId id, Template base, List<String> locales, SplittableRandom random, Path out) {
    String brand = brand(random);
    String model =
        (char) ('A' + random.nextInt(26))
            + ""
            + (char) ('A' + random.nextInt(26))
            + "-"
            + (100 + random.nextInt(9900));
    boolean brandInTitle = random.nextInt(2) == 0;
    boolean productLine = random.nextInt(2) == 0;
    String source = locales.get(0);
    String sourceHash = null;
    long written = 0;
    for (String locale : locales) {
      String from = REGIONAL.getOrDefault(locale, locale);
      Variant v = base.variant(from).orElse(null);
      if (v == null || (!locale.equals(source) && random.nextDouble() < MISSING)) {
        continue;
      }
      boolean isSource = locale.equals(source);
      String language = new ULocale(from).getLanguage();
      String title = brandInTitle ? v.title() + " · " + brand : v.title();
      List<String> tags = new ArrayList<>(subset(v.tags(), random, 2));
      tags.add(brand);
      List<String> examples = subset(v.examples(), random, 1);
      String body = v.body().pattern();
      if (productLine) {
        body = body + "\n\n" + PRODUCT.getOrDefault(language, "") + brand + " " + model;
      }
      CatalogEditor.Draft draft =
          new CatalogEditor.Draft(
              title,
              tags,
              examples,
              isSource ? base.channel().label() : null,
              v.tone() == null ? null : v.tone().label(),
              // A shortcut belongs to one template: only the seed's own keep one.
              null,
              v.omits(),
              body);
      if (isSource) {
        sourceHash = SourceHash.of(title, body);
      }
      Path file = out.resolve(locale).resolve(id.category()).resolve(id.name() + ".md");
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(
            file, VariantText.of(draft, isSource ? null : sourceHash), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      written++;
    }
    return written;
  }

  /** At least {@code min} of {@code items} (all when fewer), in their order. */
  private static List<String> subset(List<String> items, SplittableRandom random, int min) {
    List<String> kept = new ArrayList<>();
    for (String item : items) {
      if (random.nextInt(4) != 0) {
        kept.add(item);
      }
    }
    for (int i = 0; kept.size() < Math.min(min, items.size()); i++) {
      if (!kept.contains(items.get(i))) {
        kept.add(items.get(i));
      }
    }
    return kept;
  }

  private static String brand(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    int n = 2 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    return b.substring(0, 1).toUpperCase(Locale.ROOT) + b.substring(1);
  }
}
