package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LanguageDetector;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.locale.ScriptConverter;
import dev.replykb.locale.VariantChoice;
import dev.replykb.locale.VariantChooser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * Finds the replies that answer an agent's text, each in the variant that fits the buyer's locale.
 *
 * <p>The query searches the variants of every locale; hits are grouped by template (a template
 * scores as its best-matching variant), and each template is then served in the variant chosen for
 * the buyer, whatever language the agent typed in.
 *
 * <p>Thread-safe. Everything a search needs (analyzers, query builders, locale matchers) is built
 * when this is opened; script-converted variants are made on first use and kept.
 */
public final class ReplySearch implements Closeable {
  /** Longest query accepted, in characters: a pasted buyer message fits, a document does not. */
  public static final int MAX_QUERY_LENGTH = 1000;

  public static final int MAX_LIMIT = 100;

  static {
    // Long pasted messages analyzed in several languages need more than Lucene's default 1024
    // clauses; MAX_QUERY_LENGTH keeps the total bounded.
    IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 32 * 1024));
  }

  private final Catalog catalog;
  private final LanguageAnalyzers analyzers;
  private final ReplySchema schema;
  private final ReplyIndex index;
  private final VariantChooser chooser;
  private final LanguageDetector detector;
  private final int maxVariantsPerTemplate;
  private final ConcurrentMap<String, Variant> converted = new ConcurrentHashMap<>();

  private ReplySearch(
      Catalog catalog,
      LanguageAnalyzers analyzers,
      ReplySchema schema,
      ReplyIndex index,
      LanguageDetector detector) {
    this.catalog = catalog;
    this.detector = detector;
    this.analyzers = analyzers;
    this.schema = schema;
    this.index = index;
    this.chooser =
        new VariantChooser(
            catalog.settings().fallbackLocale(),
            catalog.settings().sourceLocale(),
            catalog.settings().scriptConversion());
    int most = 1;
    for (Template t : catalog.templates()) {
      chooser.prepare(t.locales());
      most = Math.max(most, t.variants().size());
    }
    this.maxVariantsPerTemplate = most;
  }

  /**
   * Opens the search over {@code catalog}, with its index in {@code indexFolder}: reused when it
   * was built from this very catalog, rebuilt otherwise.
   */
  public static ReplySearch open(Catalog catalog, Path indexFolder) throws IOException {
    Comparator<ULocale> byTag = Comparator.comparing(ULocale::toLanguageTag);
    Set<ULocale> locales = new TreeSet<>(byTag);
    catalog.templates().forEach(t -> locales.addAll(t.locales()));
    Set<String> catalogFamilies = new TreeSet<>();
    locales.forEach(l -> catalogFamilies.add(LanguageAnalyzers.familyOf(l)));
    Set<ULocale> analyzed = new TreeSet<>(byTag);
    analyzed.addAll(locales);
    analyzed.addAll(Glossary.locales());
    LanguageAnalyzers analyzers = new LanguageAnalyzers(analyzed);
    try {
      Glossary glossary = Glossary.bundled(analyzers);
      ReplySchema schema = new ReplySchema(analyzers, catalogFamilies, glossary);
      ReplyIndex index = ReplyIndex.open(indexFolder, catalog, schema);
      LanguageDetector detector = new LanguageDetector(Lexicons.of(catalog, glossary, analyzers));
      return new ReplySearch(catalog, analyzers, schema, index, detector);
    } catch (IOException | RuntimeException e) {
      analyzers.close();
      throw e;
    }
  }

  /** The language detector for {@code locale=auto}, knowing this catalog's vocabulary. */
  public LanguageDetector detector() {
    return detector;
  }

  /**
   * Loads the analyzers' dictionaries (smartcn, Kuromoji, Nori, ICU), which otherwise load on the
   * first search in each language. Call it off the request path, for example right after startup.
   */
  public void warmUp() {
    analyzers.warmUp();
  }

  /**
   * Loads, in the calling thread, the dictionaries that a catalog in {@code templates} will need,
   * guessing its languages from the names of its locale folders. Startup runs it beside the catalog
   * load, so the first Chinese or Japanese search does not wait for a dictionary. Never fails.
   */
  public static void preload(Path templates) {
    List<ULocale> locales = new ArrayList<>();
    try (var folders = java.nio.file.Files.list(templates)) {
      folders
          .filter(java.nio.file.Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .forEach(
              name -> {
                try {
                  locales.add(dev.replykb.locale.LocaleTags.parse(name));
                } catch (IllegalArgumentException e) {
                  // not a locale folder: the catalog load reports it
                }
              });
    } catch (IOException e) {
      return; // the catalog load reports it
    }
    locales.addAll(Glossary.locales());
    LanguageAnalyzers.preload(locales);
    LanguageDetector.preload();
    if (locales.stream().anyMatch(l -> l.getLanguage().equals("zh"))) {
      ScriptConverter.toTraditional("预热"); // builds the transform a zh-Hant buyer may need
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Whether opening had to build the index (the catalog changed, or there was none). */
  public boolean indexRebuilt() {
    return index.rebuilt();
  }

  /**
   * The best {@code limit} templates for {@code text}, best first, each in the variant that fits
   * {@code preferences}.
   *
   * @param category only templates of this category, or null for all
   * @throws IllegalArgumentException for an empty or over-long text or a limit out of range
   */
  public List<Reply> search(String text, LocalePreferences preferences, String category, int limit)
      throws IOException {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the query is empty");
    }
    if (text.length() > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException(
          "the query is " + text.length() + " characters long; at most " + MAX_QUERY_LENGTH);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    Query query =
        schema.query(text, category, detector.plausibility(text), detector.unknownShare(text));
    if (query == null) {
      return List.of();
    }
    // A template has at most maxVariantsPerTemplate hits, so this many hits hold `limit` templates.
    List<ReplyIndex.Hit> hits = index.search(query, limit * maxVariantsPerTemplate);
    Map<String, Float> best = new LinkedHashMap<>();
    for (ReplyIndex.Hit hit : hits) {
      best.putIfAbsent(hit.id(), hit.score());
      if (best.size() == limit) {
        break;
      }
    }
    List<Reply> replies = new ArrayList<>(best.size());
    for (Map.Entry<String, Float> entry : best.entrySet()) {
      Template template = catalog.template(TemplateId.parse(entry.getKey())).orElse(null);
      if (template != null) {
        replies.add(serve(template, preferences, entry.getValue()));
      }
    }
    return replies;
  }

  /** The best variants for {@code text} with their scores split by field, for tuning. */
  public List<String> explain(String text, int limit) throws IOException {
    Map<String, Double> plausibility = detector.plausibility(text);
    Query query = schema.query(text, null, plausibility, detector.unknownShare(text));
    List<String> lines = new ArrayList<>();
    lines.add("concepts by language: " + schema.conceptsByFamily(text));
    lines.add(
        "plausible languages: "
            + plausibility.entrySet().stream()
                .filter(e -> e.getValue() >= 0.3)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + String.format(java.util.Locale.ROOT, "=%.2f", e.getValue()))
                .toList());
    if (query != null) {
      lines.addAll(index.explain(query, limit));
    }
    return lines;
  }

  /** The best template for {@code text}, or empty when nothing matches. */
  public Optional<Reply> best(String text, LocalePreferences preferences) throws IOException {
    return search(text, preferences, null, 1).stream().findFirst();
  }

  /** One template, in the variant that fits {@code preferences}. */
  public Optional<Reply> template(TemplateId id, LocalePreferences preferences) {
    return catalog.template(id).map(t -> serve(t, preferences, Float.NaN));
  }

  private Reply serve(Template template, LocalePreferences preferences, float score) {
    VariantChoice choice = chooser.choose(template.locales(), preferences);
    Variant variant = template.variant(choice.variant().toLanguageTag()).orElseThrow();
    if (choice.isConverted()) {
      String script = choice.served().getScript();
      variant =
          converted.computeIfAbsent(
              template.id() + "@" + choice.served().toLanguageTag(),
              key ->
                  template
                      .variant(choice.variant().toLanguageTag())
                      .orElseThrow()
                      .convertedTo(
                          choice.served(), text -> ScriptConverter.toScript(text, script)));
    }
    return new Reply(template, variant, choice, score);
  }

  @Override
  public void close() throws IOException {
    try {
      index.close();
    } finally {
      analyzers.close();
    }
  }
}
