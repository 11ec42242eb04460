package io.pprecordio;

/**
 * The two frame layouts a file may contain, frame by frame. See FORMAT.md.
 *
 * <p>Both share the 40-byte header and the magic number; a reader accepts either at every frame,
 * so a file may mix them (for example a v1 file appended to by a v2 writer).
 */
public enum FormatVersion {
  /**
   * The layout of the original Python/Go {@code pp-recordio} package: reserved bytes zero, gzip
   * the only codec. The header itself is not checksummed, so a v1 frame is trusted only after its
   * payload checksum matches.
   */
  V1,
  /**
   * This project's default: v1 plus a version marker, the decoded length, zstd, and a checksum over
   * the header, so that a header can be trusted without reading its payload.
   */
  V2;

  /**
   * The version a setting names: {@code v1} or {@code v2} (or {@code 1}, {@code 2}), in any case.
   * Connectors and tools share this spelling, so a value valid in one is valid in all.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static FormatVersion parse(String value) {
    switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "v1":
      case "1":
        return V1;
      case "v2":
      case "2":
        return V2;
      default:
        throw new IllegalArgumentException(
            "unknown format version '" + value + "'; expected v1 or v2");
    }
  }
}
