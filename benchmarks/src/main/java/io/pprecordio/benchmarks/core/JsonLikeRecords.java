package io.pprecordio.benchmarks.core;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Small JSON event records of about 100 bytes, like a log or click stream, for the block mode
 * benchmarks: {@code {"id":1000042,"user":"user_48213","event":"click","ts":1733100017,
 * "tags":["sports","news"],"score":0.734}}. What varies, and how, decides how well they compress,
 * so it is chosen to look like such a stream rather than like random bytes: the id counts up, the
 * timestamp rises by 0 to 2 s per event, the user is one of 100,000, the event one of five (views
 * most often), one or two tags of twelve, a score of three random digits. The same seed gives
 * the same records on every machine, so the file sizes measured on them are exact figures.
 */
final class JsonLikeRecords {
  private JsonLikeRecords() {}

  static final long SEED = 12;

  private static final String[] EVENTS = {
      "view", "view", "view", "view", "click", "click", "scroll", "purchase", "share"};
  private static final String[] TAGS = {
      "news", "sports", "tech", "music", "travel", "food", "games", "health", "finance",
      "fashion", "art", "science"};

  /** The first {@code n} records of the stream. */
  static byte[][] generate(int n) {
    Random rnd = new Random(SEED);
    long ts = 1_733_100_000L;
    StringBuilder sb = new StringBuilder(128);
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      ts += rnd.nextInt(3);
      sb.setLength(0);
      sb.append("{\"id\":").append(1_000_000 + i)
          .append(",\"user\":\"user_").append(rnd.nextInt(100_000))
          .append("\",\"event\":\"").append(EVENTS[rnd.nextInt(EVENTS.length)])
          .append("\",\"ts\":").append(ts)
          .append(",\"tags\":[\"").append(TAGS[rnd.nextInt(TAGS.length)]).append('"');
      if (rnd.nextBoolean()) {
        sb.append(",\"").append(TAGS[rnd.nextInt(TAGS.length)]).append('"');
      }
      int score = rnd.nextInt(1000);
      sb.append("],\"score\":0.").append((char) ('0' + score / 100))
          .append((char) ('0' + score / 10 % 10)).append((char) ('0' + score % 10)).append('}');
      out[i] = sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
