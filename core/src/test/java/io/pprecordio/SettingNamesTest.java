package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one spelling of codecs and format versions that the connectors' settings and tools share. */
class SettingNamesTest {
  @Test
  void codecsByNameInAnyCase() {
    assertEquals(Codec.NONE, Codec.parse("none"));
    assertEquals(Codec.GZIP, Codec.parse(" GZip "));
    assertEquals(Codec.ZSTD, Codec.parse("ZSTD"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Codec.parse("snappy"));
    assertTrue(e.getMessage().contains("'snappy'") && e.getMessage().contains("none, gzip or zstd"),
        e.getMessage());
  }

  @Test
  void versionsWithOrWithoutTheV() {
    assertEquals(FormatVersion.V1, FormatVersion.parse("v1"));
    assertEquals(FormatVersion.V1, FormatVersion.parse("1"));
    assertEquals(FormatVersion.V2, FormatVersion.parse(" V2"));
    assertEquals(FormatVersion.V2, FormatVersion.parse("2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FormatVersion.parse("v3"));
    assertTrue(e.getMessage().contains("'v3'") && e.getMessage().contains("v1 or v2"),
        e.getMessage());
  }
}
