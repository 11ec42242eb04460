package io.pprecordio.examples.cli;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ShardSpec;
import io.pprecordio.ShardedRecordWriter;
import io.pprecordio.WriterOptions;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@code write} and {@code recover} put records: one file, the shards of a {@code name@N}
 * spec (records dealt round-robin), or standard output ({@code -}). A single file is written
 * under a temporary name and renamed into place by {@link #commit()}, so a failed or interrupted
 * command never leaves a half-written file under the name asked for.
 */
abstract class RecordOutput implements Closeable {
  static final String STDOUT = "-";

  abstract void write(byte[] record) throws IOException;

  abstract long records();

  /** The files this output writes (empty for standard output). */
  abstract List<Path> paths();

  /** Finishes the output; without it, {@link #close()} discards what it can. */
  abstract void commit() throws IOException;

  static RecordOutput open(String target, WriterOptions options, Io io) throws IOException {
    if (target.equals(STDOUT)) {
      if (options.index()) {
        throw new UsageException("--index needs a file to put the index next to; standard"
            + " output (-) has none");
      }
      if (io.stdoutTerminal()) {
        throw new UsageException("refusing to write binary records to a terminal; redirect"
            + " standard output or name a file");
      }
      return new Single(PPRecordWriter.to(new FilterOutputStream(io.out()) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush(); // standard output stays open for whoever owns it
        }
      }, options), null, null);
    }
    Optional<ShardSpec> spec = ShardSpec.parse(target);
    if (spec.isPresent() && !Files.exists(Paths.get(target))) {
      requireDirectory(target, Paths.get(spec.get().shardName(0)));
      return new Sharded(spec.get(), options);
    }
    Path path = Paths.get(target);
    if (Files.isDirectory(path)) {
      throw new UsageException(target + " is a directory; name a file to write");
    }
    requireDirectory(target, path);
    Path temp = path.resolveSibling("." + path.getFileName() + ".pprecordio-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    return new Single(PPRecordWriter.create(temp, options), temp, path);
  }

  /**
   * Like {@code cp}, writing never creates directories: a mistyped directory name is an error
   * rather than a new tree somewhere unexpected.
   */
  private static void requireDirectory(String target, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new NoSuchFileException(target, null, "cannot write: directory " + parent
          + " does not exist");
    }
  }

  /** Paths {@code target} would write, to check before opening it that no input is among them. */
  static List<Path> targets(String target) {
    if (target.equals(STDOUT)) {
      return List.of();
    }
    Optional<ShardSpec> spec = ShardSpec.parse(target);
    if (spec.isPresent() && !Files.exists(Paths.get(target))) {
      List<Path> paths = new ArrayList<>();
      for (String name : spec.get().shardNames()) {
        paths.add(Paths.get(name));
      }
      return paths;
    }
    return List.of(Paths.get(target));
  }

  private static final class Single extends RecordOutput {
    private final PPRecordWriter writer;
    private final Path temp;
    private final Path path;
    private boolean committed;

    Single(PPRecordWriter writer, Path temp, Path path) {
      this.writer = writer;
      this.temp = temp;
      this.path = path;
    }

    @Override
    void write(byte[] record) throws IOException {
      writer.write(record);
    }

    @Override
    long records() {
      return writer.records();
    }

    @Override
    List<Path> paths() {
      return path == null ? List.of() : List.of(path);
    }

    @Override
    void commit() throws IOException {
      writer.close();
      if (temp != null) {
        move(temp, path);
        // The index core wrote next to the temporary file follows the data; a crash between the
        // two moves leaves an older index, which core detects as stale.
        Path index = PPRecordIndex.indexPath(temp);
        if (Files.exists(index)) {
          move(index, PPRecordIndex.indexPath(path));
        }
      }
      committed = true;
    }

    private static void move(Path from, Path to) throws IOException {
      try {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        try {
          writer.close();
        } finally {
          if (temp != null) {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(PPRecordIndex.indexPath(temp));
          }
        }
      }
    }
  }

  private static final class Sharded extends RecordOutput {
    private final ShardedRecordWriter writer;

    Sharded(ShardSpec spec, WriterOptions options) throws IOException {
      this.writer = ShardedRecordWriter.create(spec, options);
    }

    @Override
    void write(byte[] record) throws IOException {
      writer.write(record);
    }

    @Override
    long records() {
      long n = 0;
      for (long c : writer.recordsPerShard()) {
        n += c;
      }
      return n;
    }

    @Override
    List<Path> paths() {
      return targets(writer.spec().toString());
    }

    @Override
    void commit() throws IOException {
      writer.close();
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
