package io.pprecordio.examples.convert;

import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.Compression;

/** Whole-file compression ({@link Compression}) as names and options spell it. */
final class FileCompression {
  private static final List<String> SUFFIXES = List.of(".gz", ".gzip", ".bz2", ".zip", ".zst",
      ".zstd", ".lzo", ".lzop", ".deflate", ".snappy");

  private FileCompression() {}

  /** The compression a name's suffix implies, {@link Compression#UNCOMPRESSED} if none. */
  static Compression of(String name) {
    String base = baseName(name);
    for (Compression c : Compression.values()) {
      if (c != Compression.AUTO && c != Compression.UNCOMPRESSED && c.matches(base)) {
        return c;
      }
    }
    return Compression.UNCOMPRESSED;
  }

  /** {@code name} without a compression suffix: {@code events.txt.gz} is {@code events.txt}. */
  static String strip(String name) {
    if (of(name) == Compression.UNCOMPRESSED) {
      return name;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /** The value of {@code --compression}. */
  static Compression parse(String value) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "none":
      case "uncompressed":
        return Compression.UNCOMPRESSED;
      case "gzip":
      case "gz":
        return Compression.GZIP;
      case "bzip2":
      case "bz2":
        return Compression.BZIP2;
      case "zstd":
      case "zst":
        return Compression.ZSTD;
      case "deflate":
        return Compression.DEFLATE;
      default:
        throw new IllegalArgumentException("--compression: unknown compression '" + value
            + "'; expected none, gzip, bzip2, zstd or deflate");
    }
  }

  /** The suffix a file compressed whole gets after {@code suffix}: none if it has it already. */
  static String suffix(Compression compression, String suffix) {
    if (compression == Compression.UNCOMPRESSED || compression.matches(suffix)) {
      return "";
    }
    return compression.getSuggestedSuffix();
  }

  static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
