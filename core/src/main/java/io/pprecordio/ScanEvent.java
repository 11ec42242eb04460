package io.pprecordio;

/** What {@link FrameScanner#next()} found: a record, a corrupt region, or the end of the range. */
sealed interface ScanEvent permits Frame, ScanEvent.Region, ScanEvent.End {
  /** A corrupt region and the offset that owns it (FORMAT.md 7.4), for range claims. */
  record Region(CorruptRegion region, long owner) implements ScanEvent {}

  /** The range holds nothing more. */
  enum End implements ScanEvent { END }
}
