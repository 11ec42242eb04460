package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32MathTest {
  private static int crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  @Test
  void combineAndSuffixAgreeWithTheJdkOnEverySplitOfRandomData() {
    Random rnd = new Random(5);
    for (int n : new int[] {0, 1, 2, 7, 64, 1000, 70_000}) {
      byte[] data = new byte[n];
      rnd.nextBytes(data);
      int whole = crc(data, 0, n);
      for (int cut = 0; cut <= n; cut += Math.max(1, n / 37)) {
        int a = crc(data, 0, cut);
        int b = crc(data, cut, n - cut);
        assertEquals(whole, Crc32Math.combine(a, b, n - cut), "n " + n + " cut " + cut);
        assertEquals(b, Crc32Math.suffix(a, whole, n - cut), "n " + n + " cut " + cut);
      }
    }
  }

  @Test
  void shiftsComposeForLargeLengths() {
    // Shifting by m then by n equals shifting by m + n, also past 2^32 bytes.
    long[] lengths = {1, 4096, 1L << 31, (1L << 33) + 12345};
    for (long m : lengths) {
      for (long n : lengths) {
        assertEquals(Crc32Math.shiftFactor(m + n), Crc32Math.multiply(
            Crc32Math.shiftFactor(m), Crc32Math.shiftFactor(n)), m + " + " + n);
      }
    }
  }
}
