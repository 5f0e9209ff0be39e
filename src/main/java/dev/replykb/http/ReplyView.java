package dev.replykb.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.render.Placeholder;
import dev.replykb.search.Reply;
import java.util.List;

/**
 * The JSON shape of a reply, as {@code /api/best}, {@code /api/search} and {@code
 * /api/templates/{id}} return it.
 *
 * <p>{@code locale} is the locale of the text served; {@code fallback} says it is in none of the
 * languages asked for; {@code convertedFrom} names the variant a Chinese script conversion started
 * from. {@code locales}, {@code tags} and {@code examples} appear on {@code /api/templates} only.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
record ReplyView(
    String id,
    String locale,
    String requestedLocale,
    String detectedLocale,
    boolean fallback,
    @JsonInclude(JsonInclude.Include.ALWAYS) String convertedFrom,
    String title,
    String body,
    String category,
    String channel,
    @JsonInclude(JsonInclude.Include.ALWAYS) String tone,
    String shortcut,
    List<Placeholder> placeholders,
    @JsonInclude(JsonInclude.Include.ALWAYS) Float score,
    @JsonInclude(JsonInclude.Include.ALWAYS) Double confidence,
    long uses,
    List<String> locales,
    List<String> tags,
    List<String> examples) {

  static ReplyView of(Reply reply) {
    return of(reply, null);
  }

  /** With the language detected for {@code locale=auto}, when that is how the locale was chosen. */
  static ReplyView of(Reply reply, BuyerLocale buyer) {
    Variant v = reply.variant();
    String detected =
        buyer == null || !buyer.auto()
            ? null
            : buyer.detected() == null ? "und" : buyer.detected().toLanguageTag();
    return new ReplyView(
        v.id().toString(),
        reply.choice().served().toLanguageTag(),
        reply.choice().requested().toLanguageTag(),
        detected,
        reply.choice().fallback(),
        reply.choice().isConverted() ? reply.choice().convertedFrom().toLanguageTag() : null,
        v.title(),
        v.body().pattern(),
        v.id().category(),
        v.channel().label(),
        v.tone() == null ? null : v.tone().label(),
        v.shortcut(),
        v.body().placeholders(),
        Float.isNaN(reply.score()) ? null : reply.score(),
        Double.isNaN(reply.confidence()) ? null : Math.round(reply.confidence() * 1000) / 1000.0,
        reply.uses(),
        null,
        null,
        null);
  }

  /** With the template's locales, tags and examples, for the single-template endpoint. */
  static ReplyView detailed(Reply reply) {
    ReplyView base = of(reply);
    return new ReplyView(
        base.id,
        base.locale,
        base.requestedLocale,
        base.detectedLocale,
        base.fallback,
        base.convertedFrom,
        base.title,
        base.body,
        base.category,
        base.channel,
        base.tone,
        base.shortcut,
        base.placeholders,
        base.score,
        base.confidence,
        base.uses,
        reply.template().variants().keySet().stream().toList(),
        reply.variant().tags(),
        reply.variant().examples());
  }
}
