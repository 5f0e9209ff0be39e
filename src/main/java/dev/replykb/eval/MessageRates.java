package dev.replykb.eval;

import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * What {@code /api/best} does with labelled buyer messages: how many off-topic and unanswerable
 * ones get {@code no_confident_match}, how many answerable ones keep an answer, and how many of
 * those answers are right.
 */
public record MessageRates(
    String name,
    int offTopic,
    int offTopicRejected,
    int unanswerable,
    int unanswerableRejected,
    int answerable,
    int answerableAnswered,
    int answerableRight) {

  /** Runs every message through the search, as {@code /api/best?locale=auto} would. */
  public static MessageRates of(
      String name, ReplySearch search, List<LabelledMessages.Message> messages, double threshold)
      throws IOException {
    int offTopic = 0;
    int offTopicRejected = 0;
    int unanswerable = 0;
    int unanswerableRejected = 0;
    int answerable = 0;
    int answered = 0;
    int right = 0;
    for (LabelledMessages.Message m : messages) {
      if (m.text().length() > ReplySearch.MAX_QUERY_LENGTH) {
        continue;
      }
      BuyerLocale buyer = BuyerLocale.resolve(BuyerLocale.AUTO, null, m.text(), search.detector());
      List<Reply> replies = search.search(m.text(), buyer.preferences(), null, 2);
      boolean confident = !replies.isEmpty() && replies.get(0).confidence() >= threshold;
      if (m.offTopic()) {
        offTopic++;
        offTopicRejected += confident ? 0 : 1;
      } else if (!m.answerable()) {
        unanswerable++;
        unanswerableRejected += confident ? 0 : 1;
      } else {
        answerable++;
        if (confident) {
          answered++;
          if (m.answers().contains(replies.get(0).template().id().toString())) {
            right++;
          }
        }
      }
    }
    return new MessageRates(
        name,
        offTopic,
        offTopicRejected,
        unanswerable,
        unanswerableRejected,
        answerable,
        answered,
        right);
  }

  /** A Markdown table row: name, the three groups' sizes and rates. */
  public String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s |",
        name,
        rate(offTopicRejected, offTopic),
        rate(unanswerableRejected, unanswerable),
        rate(answerableAnswered, answerable),
        rate(answerableRight, answerable));
  }

  public static String header() {
    return "| messages | off-topic → no_confident_match | no template for the intent → no_confident_match"
        + " | answerable → answered | answerable → answered right |\n|---|---:|---:|---:|---:|";
  }

  private static String rate(int part, int whole) {
    return whole == 0
        ? "–"
        : String.format(Locale.ROOT, "%.1f%% of %d", 100.0 * part / whole, whole);
  }
}
