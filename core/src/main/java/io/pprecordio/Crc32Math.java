package io.pprecordio;

/**
 * CRC-32 (the zlib polynomial, as {@link java.util.zip.CRC32}) is linear over GF(2), so the CRC of
 * a concatenation follows from the CRCs of its parts: {@code crc(A + B) = shift(crc(A), |B|) ^
 * crc(B)}, where shifting by n bytes multiplies by x^(8n) modulo the polynomial. This is what lets
 * a reader derive the CRC of any byte range from checkpointed prefix CRCs instead of re-reading
 * it (see {@link RangeCrc}). Polynomials are 32-bit words in the reflected bit order the CRC uses,
 * the highest bit being x^0.
 */
final class Crc32Math {
  private Crc32Math() {}

  /** The reflected CRC-32 polynomial. */
  private static final int POLY = 0xEDB88320;
  /** x^0. */
  private static final int ONE = 1 << 31;
  /** POWERS[k] = x^(2^k) mod the polynomial. */
  private static final int[] POWERS = new int[64];

  static {
    int p = ONE >>> 1; // x^1
    for (int k = 0; k < POWERS.length; k++) {
      POWERS[k] = p;
      p = multiply(p, p);
    }
  }

  /** a * b modulo the polynomial. */
  static int multiply(int a, int b) {
    int product = 0;
    for (int m = ONE; m != 0; m >>>= 1) {
      if ((a & m) != 0) {
        product ^= b;
        if ((a & (m - 1)) == 0) {
          break;
        }
      }
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
    return product;
  }

  /** x^(8 * bytes) modulo the polynomial: the factor that shifts a CRC past {@code bytes}. */
  static int shiftFactor(long bytes) {
    int p = ONE;
    long n = bytes;
    for (int k = 3; n != 0; n >>>= 1, k++) {
      if ((n & 1) != 0) {
        p = multiply(POWERS[k], p);
      }
    }
    return p;
  }

  /** crc(A + B) from crc(A), crc(B) and |B|, as zlib's crc32_combine. */
  static int combine(int crcA, int crcB, long lengthB) {
    return multiply(shiftFactor(lengthB), crcA) ^ crcB;
  }

  /** crc(B) from crc(A), crc(A + B) and |B|: the CRC of a suffix. */
  static int suffix(int crcA, int crcAB, long lengthB) {
    return multiply(shiftFactor(lengthB), crcA) ^ crcAB;
  }
}
