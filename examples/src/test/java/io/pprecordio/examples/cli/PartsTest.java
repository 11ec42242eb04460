package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The small pieces the commands stand on. */
class PartsTest {
  private static List<String> split(String s, int chunk) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    // Serve a few bytes per read, so lines straddle reads.
    InputStream in = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
    LineSplitter lines = new LineSplitter(in, "test", 1 << 20);
    List<String> out = new ArrayList<>();
    for (byte[] line = lines.next(); line != null; line = lines.next()) {
      out.add(new String(line, StandardCharsets.UTF_8));
    }
    assertNull(lines.next());
    assertEquals(bytes.length, lines.bytesRead());
    return out;
  }

  @Test
  void lineSplitterKeepsEveryByteButTheNewlines() throws IOException {
    for (int chunk : new int[] {1, 2, 3, 7, 1 << 16}) {
      assertEquals(List.of(), split("", chunk));
      assertEquals(List.of(""), split("\n", chunk));
      assertEquals(List.of("", ""), split("\n\n", chunk));
      assertEquals(List.of("a"), split("a", chunk));
      assertEquals(List.of("a"), split("a\n", chunk));
      assertEquals(List.of("ab\r", "", "cd"), split("ab\r\n\ncd", chunk));
    }
  }

  @Test
  void lineSplitterRefusesALineLongerThanARecord() {
    LineSplitter lines = new LineSplitter(new ByteArrayInputStream(new byte[100]), "in", 99);
    IOException e = assertThrows(IOException.class, lines::next);
    assertEquals("in: line 1 is longer than the largest record (99 bytes)", e.getMessage());
  }

  @Test
  void byteSizes() {
    ByteSize size = new ByteSize();
    assertEquals(4096L, size.convert("4096"));
    assertEquals(64L << 10, size.convert("64k"));
    assertEquals(256L << 20, size.convert("256MiB"));
    assertEquals(1L << 30, size.convert("1G"));
    assertThrows(TypeConversionException.class, () -> size.convert("-1"));
    assertThrows(TypeConversionException.class, () -> size.convert("12t"));
    assertThrows(TypeConversionException.class, () -> size.convert("9999999999999999999g"));
  }

  @Test
  void histogramBucketsArePowersOfTwo() {
    SizeHistogram h = new SizeHistogram();
    for (long s : new long[] {0, 0, 1, 2, 3, 4, 1000, 1024}) {
      h.add(s);
    }
    List<SizeHistogram.Bucket> b = h.buckets();
    assertEquals(new SizeHistogram.Bucket(0, 0, 2), b.get(0));
    assertEquals(new SizeHistogram.Bucket(1, 1, 1), b.get(1));
    assertEquals(new SizeHistogram.Bucket(2, 3, 2), b.get(2));
    assertEquals(new SizeHistogram.Bucket(4, 7, 1), b.get(3));
    assertEquals(new SizeHistogram.Bucket(512, 1023, 1), b.get(b.size() - 2));
    assertEquals(new SizeHistogram.Bucket(1024, 2047, 1), b.get(b.size() - 1));
    assertEquals("2-3", b.get(2).label());
    assertEquals(12, b.size());
    assertEquals(0, h.min());
    assertEquals(1024, h.max());
    assertEquals(List.of(), new SizeHistogram().buckets());
  }

  @Test
  void recordFormatsPrintEmptyRecordsAsEmptyLines() throws IOException {
    for (RecordFormat f : List.of(RecordFormat.TEXT, RecordFormat.HEX, RecordFormat.BASE64)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      f.print(new byte[0], out);
      assertArrayEquals(new byte[] {'\n'}, out.toByteArray(), f.label());
    }
  }
}
