package dev.replykb.translate;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Channel;
import dev.replykb.catalog.Problem;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.render.Placeholder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quality checks of a catalog's variants, each finding with its file, line, check, message and
 * severity (red blocks publishing; yellow needs a look).
 *
 * <p>Checks: files that cannot be used at all (ICU syntax and the like); placeholders that differ
 * from the source variant's (unless declared in {@code omits}); placeholders turned into text by
 * ICU quoting ({@code '{code}'}); plural categories the locale needs or never uses; select keys of
 * the source that a translation lacks; text identical to the source; whitespace, repeated words,
 * unbalanced brackets and quotes; Latin punctuation in CJK text and the reverse; e-mail replies
 * without a greeting and a sign-off; chat replies too long to read at a glance; and the house rules
 * of {@code rules.yaml}.
 */
public final class Lint {
  /**
   * A chat reply longer than this (CJK characters count two) is a wall of text in a chat window.
   */
  static final int CHAT_WIDTH = 600;

  private static final Pattern QUOTED_PLACEHOLDER =
      Pattern.compile("'\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}'");
  private static final Pattern LATIN_PUNCTUATION_AFTER_CJK =
      Pattern.compile(
          "(?<=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}])[,!?;:](?!\\d)|(?<=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}])\\.(?![\\w/])");
  private static final String CJK_PUNCTUATION = "，。！？：；「」『』【】、";
  private static final String[][] PAIRS = {
    {"(", ")"}, {"[", "]"}, {"（", "）"}, {"「", "」"}, {"『", "』"}, {"【", "】"}, {"«", "»"}
  };

  private final Catalog catalog;
  private final HouseRules rules;
  private final String pendingFile;
  private final byte[] pendingBytes;

  /** The checks of {@code catalog} with the house rules of its folder ({@code rules.yaml}). */
  public static Lint of(Catalog catalog) throws IOException {
    return new Lint(catalog, HouseRules.load(catalog.root()));
  }

  /** The checks of {@code catalog} as its files are on disk, with {@code rules}. */
  public Lint(Catalog catalog, HouseRules rules) {
    this(catalog, rules, null, null);
  }

  /**
   * The checks of a preview of {@code catalog} where {@code file} holds {@code bytes}, not yet
   * written: lines of that file are counted in those bytes.
   */
  Lint(Catalog catalog, HouseRules rules, String file, byte[] bytes) {
    this.catalog = catalog;
    this.rules = rules;
    this.pendingFile = file;
    this.pendingBytes = bytes;
  }

  /** The lines of a catalog file, or none when it cannot be read. */
  private List<String> lines(String file) {
    if (file.equals(pendingFile)) {
      return new String(pendingBytes, StandardCharsets.UTF_8).lines().toList();
    }
    try {
      return Files.readAllLines(catalog.root().resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Every finding, of {@code locale} only when it is not null, in file and line order. */
  public List<Finding> run(String locale) {
    List<Finding> findings = new ArrayList<>();
    for (String error : rules.errors()) {
      findings.add(
          new Finding(null, null, HouseRules.FILE_NAME, 0, "rules-file", error, Severity.RED));
    }
    for (Problem problem : catalog.problems()) {
      String folder = localeFolder(problem.file());
      if (locale == null || locale.equals(folder)) {
        findings.add(finding(problem));
      }
    }
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    for (Template template : catalog.templates()) {
      Variant source = template.variant(sourceTag).orElse(null);
      for (Variant v : template.variants().values()) {
        if (locale == null || locale.equals(v.localeTag())) {
          new VariantCheck(v, v == source ? null : source, findings).run();
        }
      }
    }
    return sorted(findings);
  }

  /**
   * The findings of one file (relative to the catalog folder): what is wrong with it as a file, and
   * the checks of the variant it holds. The editor runs this on a preview of an edit.
   */
  public List<Finding> runFile(String relative) {
    List<Finding> findings = new ArrayList<>();
    for (Problem problem : catalog.problems()) {
      if (problem.file().equals(relative)) {
        findings.add(finding(problem));
      }
    }
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    // The file's template found by its path, not by a walk over every variant: the editor asks
    // this on each preview, and a million-variant catalog took seconds to walk.
    TemplateId id = TemplateId.ofFile(relative);
    Template template = id == null ? null : catalog.template(id).orElse(null);
    if (template != null) {
      Variant source = template.variant(sourceTag).orElse(null);
      for (Variant v : template.variants().values()) {
        if (v.file().equals(relative)) {
          new VariantCheck(v, v == source ? null : source, findings).run();
        }
      }
    }
    return sorted(findings);
  }

  private static List<Finding> sorted(List<Finding> findings) {
    findings.sort(
        Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check));
    return findings;
  }

  private static String localeFolder(String file) {
    return file.contains("/") ? file.substring(0, file.indexOf('/')) : null;
  }

  /** A file the catalog cannot use: red, as ICU syntax or as an invalid file. */
  private static Finding finding(Problem problem) {
    String check =
        problem.reason().startsWith("invalid ICU message") ? "icu-syntax" : "invalid-file";
    // templates/de/logistics/delay.md names its template even when it cannot be read.
    String[] segments = problem.file().split("/");
    String id =
        segments.length == 3 && segments[2].endsWith(".md")
            ? segments[1] + "/" + segments[2].substring(0, segments[2].length() - 3)
            : null;
    return new Finding(
        id,
        localeFolder(problem.file()),
        problem.file(),
        problem.line(),
        check,
        problem.reason(),
        Severity.RED);
  }

  /** True when a finding blocks publishing. */
  public static boolean anyRed(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.RED);
  }

  /** The checks of one variant. */
  private final class VariantCheck {
    private final Variant v;
    private final Variant source;
    private final List<Finding> findings;
    private final String body;
    private List<String> fileLines;

    VariantCheck(Variant v, Variant source, List<Finding> findings) {
      this.v = v;
      this.source = source;
      this.findings = findings;
      this.body = v.body().pattern();
    }

    void run() {
      placeholders();
      quotedPlaceholders();
      pluralsAndSelects();
      untranslated();
      typography();
      channel();
      houseRules();
    }

    private void add(int line, String check, String message, Severity severity) {
      findings.add(
          new Finding(v.id().toString(), v.localeTag(), v.file(), line, check, message, severity));
    }

    private int bodyLine(int index) {
      int line = v.bodyLine();
      for (int i = 0; i < Math.min(index, body.length()); i++) {
        if (body.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }

    /** The line of a front-matter key in the file, or 2 when it cannot be read. */
    private int keyLine(String key) {
      if (fileLines == null) {
        fileLines = lines(v.file());
      }
      for (int i = 0; i < fileLines.size(); i++) {
        if (fileLines.get(i).stripLeading().startsWith(key + ":")) {
          return i + 1;
        }
      }
      return 2;
    }

    private void placeholders() {
      if (source == null) {
        return;
      }
      Set<String> expected = names(source);
      expected.removeAll(v.omits());
      Set<String> actual = names(v);
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(actual);
      // '{code}' is reported once, as what it is: quoted-placeholder says how to fix it.
      missing.removeAll(quotedNames());
      Set<String> extra = new TreeSet<>(actual);
      extra.removeAll(names(source));
      for (String omitted : v.omits()) {
        if (!names(source).contains(omitted)) {
          add(
              keyLine("omits"),
              "placeholders",
              "omits '" + omitted + "', which the source variant does not have",
              Severity.YELLOW);
        }
      }
      if (missing.size() == 1 && extra.size() == 1) {
        add(
            v.bodyLine(),
            "placeholders",
            "placeholder {"
                + extra.iterator().next()
                + "} should be {"
                + missing.iterator().next()
                + "} as in the source",
            Severity.RED);
        return;
      }
      for (String name : missing) {
        add(
            v.bodyLine(),
            "placeholders",
            "placeholder {"
                + name
                + "} of the source is missing (declare it in 'omits' if that is on purpose)",
            Severity.RED);
      }
      for (String name : extra) {
        add(
            bodyLine(body.indexOf("{" + name)),
            "placeholders",
            "placeholder {" + name + "} is not in the source variant",
            Severity.RED);
      }
    }

    private Set<String> quotedNames() {
      Set<String> quoted = new TreeSet<>();
      Matcher m = QUOTED_PLACEHOLDER.matcher(body);
      while (m.find()) {
        quoted.add(m.group(1));
      }
      return quoted;
    }

    private void quotedPlaceholders() {
      Matcher m = QUOTED_PLACEHOLDER.matcher(body);
      while (m.find()) {
        add(
            bodyLine(m.start()),
            "quoted-placeholder",
            "ICU quoting turns "
                + m.group()
                + " into literal text, not a placeholder; remove the apostrophes (or write '' for an apostrophe)",
            Severity.RED);
      }
    }

    private void pluralsAndSelects() {
      MessagePattern pattern = new MessagePattern(body);
      Map<String, Set<String>> sourceSelects =
          source == null ? Map.of() : selects(new MessagePattern(source.body().pattern()));
      for (int i = 0; i < pattern.countParts(); i++) {
        MessagePattern.Part part = pattern.getPart(i);
        if (part.getType() != MessagePattern.Part.Type.ARG_START) {
          continue;
        }
        String name = pattern.getSubstring(pattern.getPart(i + 1));
        MessagePattern.ArgType type = part.getArgType();
        if (type == MessagePattern.ArgType.PLURAL || type == MessagePattern.ArgType.SELECTORDINAL) {
          PluralRules rulesOfLocale =
              type == MessagePattern.ArgType.PLURAL
                  ? PluralRules.forLocale(v.locale())
                  : PluralRules.forLocale(v.locale(), PluralRules.PluralType.ORDINAL);
          Set<String> selectors = selectors(pattern, i);
          selectors.removeIf(s -> s.startsWith("="));
          Set<String> required = categoriesOfCounts(rulesOfLocale);
          Set<String> missing = new TreeSet<>(required);
          missing.removeAll(selectors);
          Set<String> unused = new TreeSet<>(selectors);
          unused.removeAll(rulesOfLocale.getKeywords());
          if (!missing.isEmpty()) {
            add(
                bodyLine(part.getIndex()),
                "plural-categories",
                "{"
                    + name
                    + "} lacks "
                    + missing
                    + ": "
                    + v.localeTag()
                    + " plurals need "
                    + required,
                Severity.RED);
          }
          if (!unused.isEmpty()) {
            add(
                bodyLine(part.getIndex()),
                "plural-categories",
                "{" + name + "} has " + unused + ", which " + v.localeTag() + " never uses",
                Severity.YELLOW);
          }
        } else if (type == MessagePattern.ArgType.SELECT && sourceSelects.containsKey(name)) {
          Set<String> missing = new TreeSet<>(sourceSelects.get(name));
          missing.removeAll(selectors(pattern, i));
          if (!missing.isEmpty()) {
            add(
                bodyLine(part.getIndex()),
                "select-keys",
                "{" + name + "} lacks the source's " + missing,
                Severity.RED);
          }
        }
      }
    }

    private void untranslated() {
      if (source == null || v.locale().getLanguage().equals(source.locale().getLanguage())) {
        return;
      }
      if (body.strip().equals(source.body().pattern().strip())) {
        add(
            v.bodyLine(),
            "untranslated",
            "the body is the source text, untranslated",
            Severity.RED);
      }
      if (v.title().strip().equals(source.title().strip())) {
        add(
            keyLine("title"),
            "untranslated",
            "the title is the source title, untranslated",
            Severity.YELLOW);
      }
    }

    private void typography() {
      if (!body.isEmpty() && Character.isWhitespace(body.charAt(0))) {
        add(v.bodyLine(), "whitespace", "the body starts with spaces", Severity.YELLOW);
      }
      int trailing = TextScan.trailingSpace(body);
      if (trailing >= 0) {
        add(bodyLine(trailing), "whitespace", "a line ends with spaces", Severity.YELLOW);
      }
      int doubled = TextScan.doubledSpace(body);
      if (doubled >= 0) {
        add(bodyLine(doubled), "whitespace", "doubled space", Severity.YELLOW);
      }
      if (v.title().contains("  ")) {
        add(keyLine("title"), "whitespace", "the title has doubled spaces", Severity.YELLOW);
      }
      String plain = v.body().plainText();
      for (TextScan.Repeat repeated : TextScan.repeatedWords(body)) {
        add(
            bodyLine(repeated.start()),
            "repeated-word",
            "'" + repeated.word() + "' twice in a row",
            Severity.YELLOW);
      }
      for (String[] pair : PAIRS) {
        int open = count(plain, pair[0]);
        int close = count(plain, pair[1]);
        if (open != close) {
          add(
              v.bodyLine(),
              "brackets",
              "unbalanced " + pair[0] + pair[1] + ": " + open + " opening, " + close + " closing",
              Severity.YELLOW);
        }
      }
      // “…” in English, „…“ in German: either way curly quotes come in pairs.
      if (count(plain, "\"") % 2 != 0
          || (count(plain, "“") + count(plain, "”") + count(plain, "„")) % 2 != 0) {
        add(v.bodyLine(), "quotes", "a quotation mark without its pair", Severity.YELLOW);
      }
      boolean cjk = Set.of("zh", "ja", "ko").contains(v.locale().getLanguage());
      if (cjk) {
        Matcher latin = LATIN_PUNCTUATION_AFTER_CJK.matcher(body);
        if (latin.find()) {
          add(
              bodyLine(latin.start()),
              "punctuation",
              "Latin '"
                  + latin.group()
                  + "' in "
                  + v.localeTag()
                  + " text; use the full-width form",
              Severity.YELLOW);
        }
      } else {
        int full = TextScan.anyOf(plain, CJK_PUNCTUATION);
        if (full >= 0) {
          add(
              v.bodyLine(),
              "punctuation",
              "CJK punctuation '" + plain.charAt(full) + "' in " + v.localeTag() + " text",
              Severity.YELLOW);
        }
      }
    }

    private void channel() {
      if (v.channel() == Channel.EMAIL) {
        letter();
      } else if (v.channel() == Channel.CHAT && width(v.body().plainText()) > CHAT_WIDTH) {
        add(
            v.bodyLine(),
            "chat-length",
            "a chat reply of "
                + width(v.body().plainText())
                + " columns is long to read in a chat window (at most "
                + CHAT_WIDTH
                + ")",
            Severity.YELLOW);
      }
    }

    /**
     * An e-mail opens with a greeting and closes with a sign-off, both in its own language; for a
     * language without known conventions, at least a short first and last paragraph around the
     * message.
     */
    private void letter() {
      List<String> lines = body.strip().lines().filter(l -> !l.isBlank()).toList();
      LetterConventions.Convention convention = LetterConventions.bundled().of(v.locale());
      if (convention == null) {
        String[] paragraphs = body.strip().split("\\n\\s*\\n");
        if (paragraphs.length < 3 || paragraphs[0].strip().length() > 120) {
          add(
              v.bodyLine(),
              "email-greeting",
              "an e-mail reply opens with a short greeting paragraph before the message",
              Severity.RED);
        }
        if (paragraphs.length < 3 || paragraphs[paragraphs.length - 1].strip().length() > 160) {
          add(
              v.bodyLine() + countNewlines(body, body.length()),
              "email-sign-off",
              "an e-mail reply closes with a short sign-off paragraph after the message",
              Severity.RED);
        }
        return;
      }
      String first = lines.isEmpty() ? "" : lines.get(0).strip();
      if (!convention.greeting().matcher(first).find()) {
        add(
            v.bodyLine(),
            "email-greeting",
            "an e-mail reply opens with a greeting in "
                + v.localeTag()
                + ", not '"
                + abbreviate(first)
                + "'",
            Severity.RED);
      }
      List<String> closing = lines.subList(Math.max(1, lines.size() - 3), lines.size());
      if (closing.stream().noneMatch(l -> convention.signOff().matcher(l).find())) {
        add(
            v.bodyLine() + countNewlines(body.stripTrailing(), body.stripTrailing().length()),
            "email-sign-off",
            "an e-mail reply closes with a sign-off in "
                + v.localeTag()
                + " (a closing formula or the team's signature) in its last lines",
            Severity.RED);
      }
    }

    private void houseRules() {
      String tone = v.tone() == null ? "any" : v.tone().label();
      for (HouseRules.Rule rule : rules.rules()) {
        if (!rule.appliesTo(v.localeTag(), tone)) {
          continue;
        }
        Map<String, Integer> texts = new LinkedHashMap<>();
        if (!rule.in().equals("title")) {
          // The body as written, placeholders included: rules may name them ({customer}).
          texts.put(body, v.bodyLine());
        }
        if (!rule.in().equals("body")) {
          texts.put(v.title(), keyLine("title"));
        }
        for (Map.Entry<String, Integer> text : texts.entrySet()) {
          String t = text.getKey();
          boolean exempt = rule.unless() != null && rule.unless().matcher(t).find();
          if (exempt) {
            continue;
          }
          if (rule.forbid() != null) {
            Matcher m = rule.forbid().matcher(t);
            if (m.find()) {
              int line = text.getValue() + (t == body ? countNewlines(t, m.start()) : 0);
              add(
                  line,
                  "house-rule:" + rule.id(),
                  rule.message() + " (found '" + abbreviate(m.group()) + "')",
                  rule.severity());
            }
          } else if (!rule.require().matcher(t).find()) {
            add(text.getValue(), "house-rule:" + rule.id(), rule.message(), rule.severity());
          }
        }
      }
    }
  }

  /**
   * The plural categories a count can fall in: those of the integers 0 to 1000, and {@code other},
   * which ICU always needs. French and Spanish also have {@code many}, but only for exact millions
   * ("1 million de jours"), where {@code other} reads just as well; Russian needs {@code many} for
   * 5 to 20.
   */
  static Set<String> categoriesOfCounts(PluralRules rules) {
    // A thousand selections per plural argument: once per rule set, not once per variant (a
    // million-variant catalog's lint spent a sixth of its time here).
    return COUNT_CATEGORIES.computeIfAbsent(rules, Lint::computeCategoriesOfCounts);
  }

  /** Bounded by ICU's rule sets (a few dozen across every locale). */
  private static final java.util.concurrent.ConcurrentMap<PluralRules, Set<String>>
      COUNT_CATEGORIES = new java.util.concurrent.ConcurrentHashMap<>();

  private static Set<String> computeCategoriesOfCounts(PluralRules rules) {
    Set<String> categories = new TreeSet<>();
    categories.add(PluralRules.KEYWORD_OTHER);
    for (int n = 0; n <= 1000; n++) {
      categories.add(rules.select(n));
    }
    return java.util.Collections.unmodifiableSet(categories);
  }

  private static Set<String> names(Variant v) {
    Set<String> names = new TreeSet<>();
    for (Placeholder p : v.body().placeholders()) {
      names.add(p.name());
    }
    return names;
  }

  /** The selectors of the plural or select argument starting at part {@code start}. */
  private static Set<String> selectors(MessagePattern pattern, int start) {
    Set<String> selectors = new TreeSet<>();
    int limit = pattern.getLimitPartIndex(start);
    int depth = 0;
    for (int j = start + 1; j < limit; j++) {
      MessagePattern.Part p = pattern.getPart(j);
      if (p.getType() == MessagePattern.Part.Type.MSG_START) {
        depth++;
      } else if (p.getType() == MessagePattern.Part.Type.MSG_LIMIT) {
        depth--;
      } else if (depth == 0 && p.getType() == MessagePattern.Part.Type.ARG_SELECTOR) {
        selectors.add(pattern.getSubstring(p));
      }
    }
    return selectors;
  }

  private static Map<String, Set<String>> selects(MessagePattern pattern) {
    Map<String, Set<String>> selects = new LinkedHashMap<>();
    for (int i = 0; i < pattern.countParts(); i++) {
      MessagePattern.Part part = pattern.getPart(i);
      if (part.getType() == MessagePattern.Part.Type.ARG_START
          && part.getArgType() == MessagePattern.ArgType.SELECT) {
        selects.put(pattern.getSubstring(pattern.getPart(i + 1)), selectors(pattern, i));
      }
    }
    return selects;
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  private static int countNewlines(String text, int end) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Display width: CJK and other wide characters count two columns. */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int script = UScript.getScript(cp);
      width +=
          script == UScript.HAN
                  || script == UScript.HIRAGANA
                  || script == UScript.KATAKANA
                  || script == UScript.HANGUL
              ? 2
              : 1;
    }
    return width;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
