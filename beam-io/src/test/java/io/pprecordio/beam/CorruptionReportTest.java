package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pprecordio.CorruptRegion;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CorruptionReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every reason, and text that JSON must escape, read back by a real JSON parser. */
  @Test
  void toJsonIsJsonWithTheReasonInLowerSnakeCase() throws Exception {
    String awkward = "dir \"x\"\\y\n\t\u0001\u00e9\u2028.pp_recordio";
    for (CorruptRegion.Reason reason : CorruptRegion.Reason.values()) {
      CorruptionReport report = CorruptionReport.create(awkward, 1L << 40, 7, reason,
          "crc \"a\"\r\nb");
      JsonNode node = JSON.readTree(report.toJson());
      assertEquals(5, node.size());
      assertEquals(awkward, node.get("file").asText());
      assertEquals(1L << 40, node.get("offset").asLong());
      assertEquals(7, node.get("length").asLong());
      assertEquals(reason.name().toLowerCase(Locale.ROOT), node.get("reason").asText());
      assertEquals("crc \"a\"\r\nb", node.get("detail").asText());
    }
    assertEquals("torn_tail", JSON.readTree(CorruptionReport.create("f", 0, 1,
        CorruptRegion.Reason.TORN_TAIL, "").toJson()).get("reason").asText());
  }
}
