package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import dev.replykb.render.MessageBody;
import dev.replykb.render.Placeholder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One template in one locale: what a file {@code <locale>/<category>/<name>.md} holds.
 *
 * <p>{@code channel} and {@code shortcut} are the template's, inherited from the source-locale
 * variant; {@code tone} and {@code sourceHash} are the variant's own and may be null.
 *
 * <p>The texts (title, tags, examples, body) are either held here or, for a large catalog, kept in
 * a {@link TextStore} and read when asked for: everything else a search needs about a variant is
 * small. Immutable and thread-safe either way.
 */
public final class Variant {
  private final TemplateId id;
  private final ULocale locale;
  private final Channel channel;
  private final Tone tone;
  private final String shortcut;
  private final String sourceHash;
  private final List<String> omits;
  private final List<Placeholder> placeholders;
  private final int bodyLine;
  private final Channel ownChannel;
  private final String ownShortcut;

  // The file stamp's fields, held here rather than in an object of their own: 48 bytes less for
  // each of a million variants. stampSize < 0: no stamp (a variant not read from a file).
  private final long stampHashHigh;
  private final long stampHashLow;
  private final long stampSize;
  private final long stampModified;

  /** The texts, when held here; null when they are in {@link #store}. */
  private final Content content;

  private final TextStore store;
  private final long position;

  /** A derived variant's description in place of its file (a script conversion), or null. */
  private final String description;

  /** The texts of a variant. */
  record Content(String title, List<String> tags, List<String> examples, String body) {
    Content {
      tags = List.copyOf(tags);
      examples = List.copyOf(examples);
    }
  }

  /**
   * What the catalog knows of the file a variant was read from: 128 bits of the SHA-256 of its path
   * and bytes (for the catalog's fingerprint), its size and modification time (to tell, after a
   * restart, whether it changed).
   */
  record FileStamp(long hashHigh, long hashLow, long size, long modified) {}

  private Variant(
      TemplateId id,
      ULocale locale,
      Channel channel,
      Tone tone,
      String shortcut,
      String sourceHash,
      List<String> omits,
      List<Placeholder> placeholders,
      int bodyLine,
      Channel ownChannel,
      String ownShortcut,
      FileStamp stamp,
      Content content,
      TextStore store,
      long position,
      String description) {
    this.id = Objects.requireNonNull(id, "id");
    this.locale = Objects.requireNonNull(locale, "locale");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.tone = tone;
    this.shortcut = shortcut;
    this.sourceHash = sourceHash;
    this.omits = List.copyOf(omits);
    this.placeholders = List.copyOf(placeholders);
    this.bodyLine = bodyLine;
    this.ownChannel = ownChannel;
    this.ownShortcut = ownShortcut;
    this.stampHashHigh = stamp == null ? 0 : stamp.hashHigh();
    this.stampHashLow = stamp == null ? 0 : stamp.hashLow();
    this.stampSize = stamp == null ? -1 : stamp.size();
    this.stampModified = stamp == null ? 0 : stamp.modified();
    this.content = content;
    this.store = store;
    this.position = position;
    this.description = description;
  }

  /** A variant as parsed from its file, its texts held. */
  static Variant parsed(
      TemplateId id,
      ULocale locale,
      String title,
      List<String> tags,
      List<String> examples,
      Tone tone,
      String sourceHash,
      List<String> omits,
      MessageBody body,
      int bodyLine,
      Channel ownChannel,
      String ownShortcut,
      FileStamp stamp) {
    return new Variant(
        id,
        locale,
        Channel.ANY,
        tone,
        null,
        sourceHash,
        omits,
        body.placeholders(),
        bodyLine,
        ownChannel,
        ownShortcut,
        stamp,
        new Content(title, tags, examples, body.pattern()),
        null,
        -1,
        null);
  }

  /** This variant with its texts written to {@code store} and read from there from now on. */
  Variant storedIn(TextStore store) throws IOException {
    if (this.store == store) {
      return this;
    }
    long at = store.put(encode(content()));
    Copy c = new Copy(this);
    c.content = null;
    c.store = store;
    c.position = at;
    return c.make();
  }

  /** A variant whose texts are in {@code store} at {@code position}: read back from a snapshot. */
  static Variant stored(
      TemplateId id,
      ULocale locale,
      Tone tone,
      String sourceHash,
      List<String> omits,
      List<Placeholder> placeholders,
      int bodyLine,
      Channel ownChannel,
      String ownShortcut,
      FileStamp stamp,
      TextStore store,
      long position) {
    return new Variant(
        id,
        locale,
        Channel.ANY,
        tone,
        null,
        sourceHash,
        omits,
        placeholders,
        bodyLine,
        ownChannel,
        ownShortcut,
        stamp,
        null,
        store,
        position,
        null);
  }

  /** The texts, from wherever they are kept. */
  Content content() {
    if (content != null) {
      return content;
    }
    return decode(store.get(position));
  }

  public TemplateId id() {
    return id;
  }

  public ULocale locale() {
    return locale;
  }

  public String title() {
    if (content != null) {
      return content.title();
    }
    ByteBuffer in = ByteBuffer.wrap(store.get(position));
    in.getInt(); // the count of parts
    return part(in); // the first: only it is decoded
  }

  public List<String> tags() {
    if (content != null) {
      return content.tags();
    }
    // The title skipped and the tags decoded: not the examples and body behind them (completions
    // read the titles and tags of every variant).
    ByteBuffer in = ByteBuffer.wrap(store.get(position));
    in.getInt();
    in.position(in.position() + 4 + in.getInt(in.position()));
    int count = Integer.parseInt(part(in));
    List<String> tags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tags.add(part(in));
    }
    return List.copyOf(tags);
  }

  /** The next part of a record, decoded. */
  private static String part(ByteBuffer in) {
    int length = in.getInt();
    String part = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return part;
  }

  public List<String> examples() {
    return content().examples();
  }

  public Channel channel() {
    return channel;
  }

  /** formal or friendly, or null when the file does not say. */
  public Tone tone() {
    return tone;
  }

  /** The template's shortcut, or null. */
  public String shortcut() {
    return shortcut;
  }

  /** The hash of the source variant this translation was made from, or null. */
  public String sourceHash() {
    return sourceHash;
  }

  /** Placeholders of the source that this variant leaves out on purpose. */
  public List<String> omits() {
    return omits;
  }

  /** The body: its ICU pattern, checked when the file was read, and its placeholders. */
  public MessageBody body() {
    return MessageBody.trusted(content().body(), placeholders);
  }

  /**
   * The title, tags, examples and body at once: one read of the texts file for all four, where each
   * accessor reads and decodes the variant's record again (an index build wants them all).
   */
  public Texts texts() {
    Content c = content();
    return new Texts(
        c.title(), c.tags(), c.examples(), MessageBody.trusted(c.body(), placeholders));
  }

  /** A variant's texts, as {@link #texts()} reads them. */
  public record Texts(String title, List<String> tags, List<String> examples, MessageBody body) {}

  /** The path relative to the catalog folder, or a description for derived variants. */
  public String file() {
    return description != null
        ? description
        : localeTag() + "/" + id.category() + "/" + id.name() + ".md";
  }

  /** The 1-based line of the file where the body starts. */
  public int bodyLine() {
    return bodyLine;
  }

  /** The BCP 47 tag of the locale folder, such as {@code zh-Hant}. */
  public String localeTag() {
    return TAGS.computeIfAbsent(locale, ULocale::toLanguageTag);
  }

  /**
   * One tag string per locale, for every variant of it: a million variants keep a few dozen tags
   * instead of a million copies. Bounded by the catalog's locale folders.
   */
  private static final java.util.concurrent.ConcurrentMap<ULocale, String> TAGS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code tag} as the one string every variant of its locale shares. */
  static String sharedTag(String tag) {
    String shared = SHARED_TAGS.putIfAbsent(tag, tag);
    return shared == null ? tag : shared;
  }

  private static final java.util.concurrent.ConcurrentMap<String, String> SHARED_TAGS =
      new java.util.concurrent.ConcurrentHashMap<>();

  Channel ownChannel() {
    return ownChannel;
  }

  String ownShortcut() {
    return ownShortcut;
  }

  FileStamp stamp() {
    return stampSize < 0
        ? null
        : new FileStamp(stampHashHigh, stampHashLow, stampSize, stampModified);
  }

  TextStore store() {
    return store;
  }

  long position() {
    return position;
  }

  List<Placeholder> placeholders() {
    return placeholders;
  }

  /** This variant with a new locale and every text passed through {@code convert}. */
  public Variant convertedTo(ULocale target, UnaryOperator<String> convert) {
    Content text = content();
    Copy c = new Copy(this);
    c.locale = target;
    c.content =
        new Content(
            convert.apply(text.title()),
            text.tags().stream().map(convert).toList(),
            text.examples().stream().map(convert).toList(),
            convert.apply(text.body()));
    c.store = null;
    c.position = -1;
    c.description = file();
    return c.make();
  }

  Variant inheriting(Channel templateChannel, String templateShortcut) {
    if (channel == templateChannel && Objects.equals(shortcut, templateShortcut)) {
      return this;
    }
    Copy c = new Copy(this);
    c.channel = templateChannel;
    c.shortcut = templateShortcut;
    return c.make();
  }

  /** Title, tags, examples and body as one record: counts and lengths, then UTF-8. */
  static byte[] encode(Content c) {
    List<String> parts = new ArrayList<>();
    parts.add(c.title());
    parts.add(String.valueOf(c.tags().size()));
    parts.addAll(c.tags());
    parts.add(String.valueOf(c.examples().size()));
    parts.addAll(c.examples());
    parts.add(c.body());
    List<byte[]> encoded = new ArrayList<>(parts.size());
    int size = 4;
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      encoded.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(encoded.size());
    for (byte[] bytes : encoded) {
      out.putInt(bytes.length).put(bytes);
    }
    return out.array();
  }

  static Content decode(byte[] record) {
    ByteBuffer in = ByteBuffer.wrap(record);
    int count = in.getInt();
    List<String> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(part(in));
    }
    int at = 0;
    String title = parts.get(at++);
    int tags = Integer.parseInt(parts.get(at++));
    List<String> tagList = parts.subList(at, at + tags);
    at += tags;
    int examples = Integer.parseInt(parts.get(at++));
    List<String> exampleList = parts.subList(at, at + examples);
    at += examples;
    return new Content(title, tagList, exampleList, parts.get(at));
  }

  @Override
  public String toString() {
    return "Variant[" + id + "@" + localeTag() + "]";
  }

  /** This variant with the values other variants share taken from {@code interner}. */
  Variant shared(Interner interner) {
    Copy c = new Copy(this);
    c.id = interner.id(id);
    c.locale = interner.locale(locale);
    c.shortcut = interner.string(shortcut);
    c.sourceHash = interner.string(sourceHash);
    c.omits = interner.list(omits);
    c.placeholders = interner.placeholders(placeholders);
    c.ownShortcut = interner.string(ownShortcut);
    return c.make();
  }

  /** This variant with what the catalog knows of its file. */
  Variant stamped(FileStamp stamp) {
    Copy c = new Copy(this);
    c.stamp = stamp;
    return c.make();
  }

  /** A variant's fields, to change a few and make another variant of them. */
  private static final class Copy {
    TemplateId id;
    ULocale locale;
    Channel channel;
    Tone tone;
    String shortcut;
    String sourceHash;
    List<String> omits;
    List<Placeholder> placeholders;
    int bodyLine;
    Channel ownChannel;
    String ownShortcut;
    FileStamp stamp;
    Content content;
    TextStore store;
    long position;
    String description;

    Copy(Variant v) {
      id = v.id;
      locale = v.locale;
      channel = v.channel;
      tone = v.tone;
      shortcut = v.shortcut;
      sourceHash = v.sourceHash;
      omits = v.omits;
      placeholders = v.placeholders;
      bodyLine = v.bodyLine;
      ownChannel = v.ownChannel;
      ownShortcut = v.ownShortcut;
      stamp = v.stamp();
      content = v.content;
      store = v.store;
      position = v.position;
      description = v.description;
    }

    Variant make() {
      return new Variant(
          id,
          locale,
          channel,
          tone,
          shortcut,
          sourceHash,
          omits,
          placeholders,
          bodyLine,
          ownChannel,
          ownShortcut,
          stamp,
          content,
          store,
          position,
          description);
    }
  }
}
