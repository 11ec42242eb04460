package io.pprecordio;

/**
 * A valid frame and where its decoded record is: in an array of its own ({@code array}), or, for
 * an uncompressed record that lies inside the read window, in the window at {@code windowIndex},
 * valid until the scanner moves on. Used for the record a reader returns now and for one found
 * while a corrupt region was still open, which is returned after the region.
 */
record Frame(FrameHeader header, byte[] array, int windowIndex, int length)
    implements Verdict, ScanEvent {

  static Frame inArray(FrameHeader header, byte[] record) {
    return new Frame(header, record, -1, record.length);
  }

  static Frame inWindow(FrameHeader header, int windowIndex, int length) {
    return new Frame(header, null, windowIndex, length);
  }

  long offset() {
    return header.offset();
  }
}
