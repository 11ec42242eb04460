package io.pprecordio;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes records as pp_recordio frames.
 *
 * <pre>{@code
 * try (PPRecordWriter writer = PPRecordWriter.create(path)) {
 *   long offset = writer.write(bytes);
 * }
 * }</pre>
 *
 * <p>Thread-safe: concurrent {@link #write} calls never interleave frames; compression and
 * checksums run outside the lock (in block mode, a block is compressed under it, since the next
 * block's offset depends on its size).
 *
 * <p>In block mode ({@link WriterOptions#withBlock(int, int)}, FORMAT.md 3.4) records are gathered
 * into a block that is written as one frame when it is full, and when the writer is flushed,
 * synced or closed, so that no flushed record is lost if the process dies. {@link #write} then
 * returns the offset of the block's frame; its records are told apart by their index in it
 * ({@link PPRecordReader#address()}). {@link #flush()} hands buffered frames to the operating system,
 * so they survive the death of the process; {@link #sync()} also forces them to the device.
 * {@link #close()} is idempotent.
 *
 * <p>With {@link WriterOptions#withIndex()}, a writer created on a path ({@link #create(Path,
 * WriterOptions)}, {@link #append}) also writes the record index {@code FILE.ppidx}
 * ({@link PPRecordIndex}) when it is closed: a new file's index from the frames it wrote, without
 * reading them back; an appended file's by extending its index over the new frames (or, if it
 * has no usable index, by one scan of the file). An index is written only after a clean close:
 * a writer that failed or died leaves no index for data it may not have written, and a stale
 * index is detected when opened. Writers on a channel or stream write no index.
 */
public final class PPRecordWriter implements Closeable, Flushable {
  private static final int PAGE = 4096;
  private final WritableByteChannel channel;
  private final Flushable downstream;
  private final Flushable durable;
  private final FrameEncoder encoder;
  private final String name;
  /**
   * Frames are copied here and written out in whole buffers whose ends fall on page boundaries:
   * unaligned appends of odd-sized frames measured twice as slow on Linux page caches.
   */
  private final ByteBuffer buffer;
  /** Offset in the target just past the bytes already handed to the channel. */
  private long drainedTo;
  private long position;
  private long records;
  private boolean closed;
  private IOException failure;
  /** The data file whose index this writer writes on close, or null. */
  private final Path indexed;
  /** The index of a new file, entry by entry; null when appending (the index is extended). */
  private final IndexEntries entries;
  /** The open block in block mode, or null. */
  private final BlockBuilder block;
  private final int blockRecords;
  private final int blockBytes;

  private PPRecordWriter(WritableByteChannel channel, Flushable downstream, Flushable durable,
      WriterOptions options, String name, long position) {
    this(channel, downstream, durable, options, name, position, null);
  }

  private PPRecordWriter(WritableByteChannel channel, Flushable downstream, Flushable durable,
      WriterOptions options, String name, long position, Path indexed) {
    this.indexed = indexed;
    this.entries = indexed != null && position == 0 ? new IndexEntries(1024) : null;
    this.channel = channel;
    this.downstream = downstream;
    this.durable = durable;
    this.encoder = new FrameEncoder(options);
    this.name = name;
    this.buffer = ByteBuffer.allocateDirect(options.bufferBytes());
    this.position = position;
    this.drainedTo = position;
    this.blockRecords = options.blockRecords();
    this.blockBytes = options.blockBytes();
    this.block = options.block() ? new BlockBuilder(Math.min(blockBytes, 1 << 20)) : null;
    alignBufferEnd();
  }

  /** Creates (or truncates) a local file and writes v2 frames with no compression. */
  public static PPRecordWriter create(Path file) throws IOException {
    return create(file, WriterOptions.defaults());
  }

  /** Creates (or truncates) a local file. */
  public static PPRecordWriter create(Path file, WriterOptions options) throws IOException {
    if (options.index()) {
      // The old index describes the old data; the new one is written on close.
      java.nio.file.Files.deleteIfExists(PPRecordIndex.indexPath(file));
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return new PPRecordWriter(ch, null, () -> ch.force(false), options, file.toString(), 0,
        options.index() ? file : null);
  }

  /**
   * Appends to a local file, creating it if needed. Records already there stay readable. A torn
   * tail left by a crashed writer is left in place: readers report it as a corrupt region and
   * resynchronize on the records appended after it.
   */
  public static PPRecordWriter append(Path file, WriterOptions options) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    long size = ch.size();
    if (options.index() && size == 0) {
      java.nio.file.Files.deleteIfExists(PPRecordIndex.indexPath(file));
    }
    return new PPRecordWriter(ch, null, () -> ch.force(false), options, file.toString(), size,
        options.index() ? file : null);
  }

  /**
   * Writes to a channel, such as the one Beam's {@code FileIO.Sink} receives. Frame offsets count
   * from 0. {@link #sync()} forces the channel to the device if it is a {@link FileChannel}.
   */
  public static PPRecordWriter to(WritableByteChannel channel, WriterOptions options) {
    Objects.requireNonNull(channel, "channel");
    Flushable durable = channel instanceof FileChannel
        ? () -> ((FileChannel) channel).force(false) : () -> {};
    return new PPRecordWriter(channel, null, durable, options, channel.toString(), 0);
  }

  /** Writes to a stream. {@link #sync()} flushes it, and syncs it when it is a file. */
  public static PPRecordWriter to(OutputStream out, WriterOptions options) {
    Flushable durable = out instanceof FileOutputStream
        ? () -> ((FileOutputStream) out).getFD().sync() : out;
    return to(out, options, durable);
  }

  /**
   * Writes to a stream whose durable sync is {@code sync}, for example a Hadoop stream's
   * {@code hsync}.
   */
  public static PPRecordWriter to(OutputStream out, WriterOptions options, Flushable sync) {
    Objects.requireNonNull(out, "out");
    return new PPRecordWriter(Channels.newChannel(out), out, sync, options, out.toString(), 0);
  }

  /** Writes one record; returns the byte offset of its frame. */
  public long write(byte[] record) throws IOException {
    return write(record, 0, record.length);
  }

  /**
   * Writes {@code record[off, off+len)} as one record; returns the byte offset of its frame (in
   * block mode, of the frame of the block it joins).
   */
  public long write(byte[] record, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, record.length);
    if (block != null) {
      return writeToBlock(record, off, len);
    }
    FrameEncoder.Encoded frame = encoder.encode(record, off, len);
    int fingerprint = entries == null ? 0
        : FrameFormat.crc32(frame.header(), 0, FrameFormat.HEADER_SIZE);
    synchronized (this) {
      ensureWritable();
      long offset = position;
      try {
        put(frame.header(), 0, FrameFormat.HEADER_SIZE);
        put(frame.payload(), frame.off(), frame.len());
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      position += frame.frameLength();
      records++;
      if (entries != null) {
        entries.add(offset, frame.frameLength(), fingerprint);
      }
      return offset;
    }
  }

  private synchronized long writeToBlock(byte[] record, int off, int len) throws IOException {
    if (len > ReaderOptions.MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record of " + len + " bytes exceeds the format limit of "
          + ReaderOptions.MAX_MAX_RECORD_BYTES + " bytes");
    }
    ensureWritable();
    try {
      if (block.records() > 0 && block.bytes() + (long) len > blockBytes) {
        closeBlock();
      }
      // Nothing else is written while a block is open, so its frame will start here.
      long offset = position;
      block.add(record, off, len);
      records++;
      if (block.records() >= blockRecords || block.bytes() >= blockBytes) {
        closeBlock();
      }
      return offset;
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
      throw e;
    }
  }

  /** Writes the open block as one frame, if it holds any record. Called under the lock. */
  private void closeBlock() throws IOException {
    if (block == null || block.records() == 0) {
      return;
    }
    int n = block.records();
    FrameEncoder.Encoded frame = encoder.encodeBlock(block.content(), n);
    block.clear();
    long offset = position;
    put(frame.header(), 0, FrameFormat.HEADER_SIZE);
    put(frame.payload(), frame.off(), frame.len());
    position += frame.frameLength();
    if (entries != null) {
      int fingerprint = FrameFormat.crc32(frame.header(), 0, FrameFormat.HEADER_SIZE);
      for (int i = 0; i < n; i++) {
        entries.add(offset, frame.frameLength(), i, fingerprint);
      }
    }
  }

  private void put(byte[] bytes, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(buffer.remaining(), len);
      buffer.put(bytes, off, n);
      off += n;
      len -= n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    drainedTo += buffer.remaining();
    writeFully(buffer);
    buffer.clear();
    alignBufferEnd();
  }

  /** When the target ends mid-page (after an append or a flush), end the next write on a page. */
  private void alignBufferEnd() {
    int misalignment = (int) (drainedTo % PAGE);
    if (misalignment != 0 && buffer.capacity() > 2 * PAGE) {
      buffer.limit(buffer.capacity() - misalignment);
    }
  }

  private void writeFully(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (failure != null) {
      throw new IOException("an earlier write to " + name + " failed", failure);
    }
  }

  /** Hands every buffered frame to the operating system (or the underlying stream). */
  @Override
  public synchronized void flush() throws IOException {
    ensureWritable();
    try {
      closeBlock();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    drain();
    if (downstream != null) {
      downstream.flush();
    }
  }

  /** Flushes, then forces the frames to durable storage where the target supports it. */
  public synchronized void sync() throws IOException {
    flush();
    durable.flush();
  }

  /** Bytes written so far, buffered ones included: the offset the next frame will get. */
  public synchronized long position() {
    return position;
  }

  /** Records written so far. */
  public synchronized long records() {
    return records;
  }

  /** Flushes and closes the target. Further calls do nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean clean = false;
    try {
      if (failure == null) {
        closeBlock();
        drain();
        if (downstream != null) {
          downstream.flush();
        }
        clean = true;
      }
    } finally {
      channel.close();
    }
    if (clean && indexed != null) {
      writeIndex();
    }
  }

  private void writeIndex() throws IOException {
    if (entries != null) {
      IndexFile.write(PPRecordIndex.indexPath(indexed),
          new IndexFile.Contents(position, 0, 0, 0, entries));
    } else {
      PPRecordIndex.refresh(indexed, ReaderOptions.defaults());
    }
  }
}
