package io.pprecordio.beam;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: files on disk, what core reads from them, and order-free record checksums. */
final class TestFiles {
  private TestFiles() {}

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What core's reader returns for a whole file: the reference every connector read must match. */
  static final class Whole {
    final List<byte[]> records = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    final List<RecordAddress> addresses = new ArrayList<>();
    final List<CorruptRegion> regions = new ArrayList<>();

    long corruptRegions() {
      return regions.stream().filter(r -> !r.isTornTail()).count();
    }

    long skippedBytes() {
      return regions.stream().filter(r -> !r.isTornTail()).mapToLong(CorruptRegion::length).sum();
    }

    long tornTails() {
      return regions.stream().filter(CorruptRegion::isTornTail).count();
    }
  }

  static Whole readWhole(Path file) throws IOException {
    Whole whole = new Whole();
    try (PPRecordReader reader = PPRecordReader.open(file, ReaderOptions.defaults(),
        whole.regions::add)) {
      while (reader.advance()) {
        whole.records.add(reader.record());
        whole.offsets.add(reader.offset());
        whole.addresses.add(reader.address());
      }
    }
    return whole;
  }

  /** Records as strings that compare by content, for readable assertion failures. */
  static List<String> hexAll(Collection<byte[]> records) {
    return records.stream().map(TestFiles::hex).collect(Collectors.toList());
  }

  static String hex(byte[] record) {
    StringBuilder sb = new StringBuilder(record.length * 2 + 8).append(record.length).append(':');
    for (byte b : record) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  static List<String> sortedHex(Collection<byte[]> records) {
    List<String> list = hexAll(records);
    list.sort(null);
    return list;
  }

  /** A 64-bit digest of one record; summing them gives an order-free checksum of a multiset. */
  static long digest(byte[] record) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(record);
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xFF);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long checksum(Collection<byte[]> records) {
    long sum = 0;
    for (byte[] r : records) {
      sum += digest(r);
    }
    return sum;
  }

  static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
