package io.pprecordio.flink;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes each {@code byte[]} element as one pp_recordio record, for Flink's {@code FileSink}: one
 * frame per record, or, with block options, many records per compressed block frame.
 *
 * <pre>{@code
 * FileSink<byte[]> sink = FileSink
 *     .forBulkFormat(new Path(dir), PPRecordBulkWriter.forOptions(WriterOptions.defaults()))
 *     .build();
 * // block mode: up to 4096 records or 128 KiB per zstd-compressed block frame
 * PPRecordBulkWriter.forOptions(WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock());
 * }</pre>
 *
 * <p>A bulk format rolls its part file on every checkpoint, so each committed file holds whole
 * frames and nothing else: exactly-once output that any pp_recordio reader can split. Before a
 * part file is committed the sink flushes and finishes this writer, and core's writer writes its
 * open block on flush, so a part file rolled at a checkpoint ends with a complete (maybe shorter)
 * block, never a torn one.
 */
public final class PPRecordBulkWriter implements BulkWriter<byte[]> {
  private final PPRecordWriter writer;

  private PPRecordBulkWriter(PPRecordWriter writer) {
    this.writer = writer;
  }

  /**
   * A factory for {@code FileSink.forBulkFormat}: frame version, codec, level and block mode
   * ({@link WriterOptions#withBlock(int, int)}) from options.
   */
  public static BulkWriter.Factory<byte[]> forOptions(WriterOptions options) {
    return new Factory(Objects.requireNonNull(options, "options"));
  }

  @Override
  public void addElement(byte[] record) throws IOException {
    writer.write(record);
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  /**
   * Writes out the open block and the buffered frames. The writer is not closed: the sink owns the
   * stream and closes it itself, and closing the writer would close the stream too.
   */
  @Override
  public void finish() throws IOException {
    writer.flush();
  }

  private record Factory(WriterOptions options) implements BulkWriter.Factory<byte[]> {
    @Override
    public BulkWriter<byte[]> create(FSDataOutputStream out) throws IOException {
      return new PPRecordBulkWriter(PPRecordWriter.to(out, options, out::sync));
    }
  }
}
