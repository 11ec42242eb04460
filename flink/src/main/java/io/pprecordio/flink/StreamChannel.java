package io.pprecordio.flink;

import io.pprecordio.SeekableStreamChannel;
import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Core's seekable channel over a Flink stream. It uses only {@code seek}, {@code getPos} and
 * {@code read(byte[], int, int)}: the stream a {@code FileSource} hands a format wraps the file
 * system's stream and supports nothing else. The size is the file length the source saw when it
 * planned the split.
 */
final class StreamChannel extends SeekableStreamChannel {
  private final FSDataInputStream in;

  StreamChannel(FSDataInputStream in, long size) throws IOException {
    super(size, in.getPos());
    this.in = in;
  }

  @Override
  protected void seekStream(long pos) throws IOException {
    in.seek(pos);
  }

  @Override
  protected int readStream(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  protected void closeStream() throws IOException {
    in.close();
  }
}
