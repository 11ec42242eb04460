package io.pprecordio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Decides how an input is read: as a seekable file, or as a stream from offset 0. */
final class Inputs {
  private Inputs() {}

  /** An input ready for the scanner, and the range to read of it. */
  record Opened(ReadableByteChannel channel, long start, long end) {}

  /** Opens a local file; a directory is refused with its name. */
  static FileChannel openFile(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a pp_recordio file");
    }
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * A channel that can report its position and size is read as a seekable input, from start;
   * anything else as a stream. A {@link FileChannel} over a pipe or a FIFO is a
   * {@link SeekableByteChannel} whose position() fails ("Illegal seek"), so it is asked, not
   * trusted.
   */
  static Opened classify(ReadableByteChannel channel, String name, long start, long end)
      throws IOException {
    if (channel instanceof SeekableByteChannel) {
      SeekableByteChannel seekable = (SeekableByteChannel) channel;
      long size = sizeOrNegative(seekable);
      if (size >= 0) {
        // A range at or past the end holds nothing; seeking there could fail (lseek refuses
        // offsets beyond what the file system supports).
        if (start >= size) {
          return new Opened(seekable, size, size);
        }
        return new Opened(seekable, start, end);
      }
    }
    if (start != 0) {
      throw new IllegalArgumentException("cannot read " + name + " from offset " + start
          + ": it is a stream, which can only be read from offset 0");
    }
    return new Opened(asStream(channel), 0, end);
  }

  private static long sizeOrNegative(SeekableByteChannel channel) {
    try {
      channel.position();
      return channel.size();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Hides the seekable interface of a channel that cannot really seek. */
  private static ReadableByteChannel asStream(ReadableByteChannel channel) {
    if (!(channel instanceof SeekableByteChannel)) {
      return channel;
    }
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  static void closeQuietly(ReadableByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Already failing with the more useful error.
    }
  }
}
