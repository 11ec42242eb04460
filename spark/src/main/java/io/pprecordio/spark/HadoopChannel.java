package io.pprecordio.spark;

import io.pprecordio.SeekableStreamChannel;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Core's seekable channel over a Hadoop stream, so that core's range reader can read any file
 * system Spark can. The size is the length listed when the scan was planned, so that a file still
 * growing reads as it was listed.
 */
final class HadoopChannel extends SeekableStreamChannel {
  private final FSDataInputStream in;

  HadoopChannel(FSDataInputStream in, long size) throws IOException {
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
