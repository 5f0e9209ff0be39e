package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import dev.replykb.render.MessageBody;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One template in one locale: what a file {@code <locale>/<category>/<name>.md} holds.
 *
 * <p>{@code channel} and {@code shortcut} are the template's, inherited from the source-locale
 * variant; {@code tone} and {@code sourceHash} are the variant's own and may be null.
 *
 * @param file the path relative to the catalog folder, or a description for derived variants
 * @param bodyLine the 1-based line of the file where the body starts
 */
public record Variant(
    TemplateId id,
    ULocale locale,
    String title,
    List<String> tags,
    List<String> examples,
    Channel channel,
    Tone tone,
    String shortcut,
    String sourceHash,
    List<String> omits,
    MessageBody body,
    String file,
    int bodyLine) {

  public Variant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(channel, "channel");
    tags = List.copyOf(tags);
    examples = List.copyOf(examples);
    omits = List.copyOf(omits);
  }

  /** The BCP 47 tag of the locale folder, such as {@code zh-Hant}. */
  public String localeTag() {
    return locale.toLanguageTag();
  }

  /** This variant with a new locale and every text passed through {@code convert}. */
  public Variant convertedTo(ULocale target, UnaryOperator<String> convert) {
    return new Variant(
        id,
        target,
        convert.apply(title),
        tags.stream().map(convert).toList(),
        examples.stream().map(convert).toList(),
        channel,
        tone,
        shortcut,
        sourceHash,
        omits,
        body.withLiteralTextConverted(convert),
        file,
        bodyLine);
  }

  Variant inheriting(Channel templateChannel, String templateShortcut) {
    return new Variant(
        id,
        locale,
        title,
        tags,
        examples,
        templateChannel,
        tone,
        templateShortcut,
        sourceHash,
        omits,
        body,
        file,
        bodyLine);
  }
}
