package io.pprecordio.hadoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** One record as a reader returned it: file name, frame offset, payload. */
record Rec(String file, long offset, byte[] payload) implements java.io.Serializable {
  static final Comparator<Rec> ORDER =
      Comparator.comparing(Rec::file).thenComparingLong(Rec::offset);

  static List<Rec> sorted(List<Rec> recs) {
    List<Rec> copy = new ArrayList<>(recs);
    copy.sort(ORDER);
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rec r && r.file.equals(file) && r.offset == offset
        && Arrays.equals(r.payload, payload);
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + Long.hashCode(offset) * 17 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return file + "@" + offset + "[" + payload.length + "]";
  }
}
