package io.pprecordio.flink;

import io.pprecordio.PPRecordReader;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * The records of one byte range of a file, read by core's range reader, with the position a
 * restored reader resumes at.
 *
 * <p>The reader stays one record ahead of what it has returned. The checkpointed offset is the
 * frame of that next record: core accepts a header there, so a range restored from it
 * resynchronizes onto exactly that frame (FORMAT.md 7.3), and every corrupt region between the
 * returned record and the next one has already been reported (or, under the fail policy or a
 * corruption budget, has already failed the read). Checkpointing the end of the returned frame
 * instead would let a restored reader pass over such a region unreported, because bytes skipped
 * while resynchronizing belong to an earlier range.
 *
 * <p>A record inside a block frame (FORMAT.md 3.4) is checkpointed as Flink's
 * {@link CheckpointedPosition} intends: the block's frame offset, and as records after it the
 * next record's index in the block, that is the block's records already emitted. Flink's adapter
 * restores by opening the range at that frame and skipping that many records; the block is decoded
 * whole again, and belongs to this range because its first byte does.
 */
final class SplitRecordReader implements StreamFormat.Reader<byte[]> {
  private final PPRecordReader reader;
  private byte[] next;
  private RecordAddress nextAddress;
  private boolean started;
  private boolean exhausted;

  SplitRecordReader(PPRecordReader reader) {
    this.reader = reader;
  }

  @Override
  public byte[] read() throws IOException {
    if (!started) {
      started = true;
      fetch();
    }
    byte[] record = next;
    if (record != null) {
      fetch();
    }
    return record;
  }

  private void fetch() throws IOException {
    if (!exhausted && reader.advance()) {
      next = reader.record();
      nextAddress = reader.address();
    } else {
      exhausted = true;
      next = null;
    }
  }

  /**
   * Before the first read there is nothing to resume (Flink then starts the split afresh); after
   * it, the frame of the next record with the records of that frame to skip (its index in the
   * block; 0 for a frame that holds one record), or the end of the range once there is none.
   */
  @Override
  public CheckpointedPosition getCheckpointedPosition() {
    if (!started) {
      return null;
    }
    if (next == null) {
      return new CheckpointedPosition(reader.end(), 0);
    }
    return new CheckpointedPosition(nextAddress.frameOffset(), nextAddress.indexInBlock());
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
