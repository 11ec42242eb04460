package io.pprecordio.examples.cli;

import io.pprecordio.CorruptionListener;
import io.pprecordio.LocalFiles;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One input of a reading command: a local file, or standard input when named {@code -}. */
record Input(String name, Path path) {
  static final String STDIN = "-";

  boolean isStdin() {
    return path == null;
  }

  /** Size in bytes, or -1 when unknown until read: standard input, a pipe or a device. */
  long size() throws IOException {
    return path == null || !Files.isRegularFile(path) ? -1 : Files.size(path);
  }

  /**
   * Opens the input for core's reader, which reads any channel: a regular file's range, or
   * standard input, a pipe or a FIFO as a stream, whatever class Java gives the channel.
   */
  PPRecordReader open(Io io, long start, long end, ReaderOptions options,
      CorruptionListener listener) throws IOException {
    if (path == null) {
      return PPRecordReader.open(Channels.newChannel(io.in()), name, start, end, options,
          listener);
    }
    return PPRecordReader.open(path, start, end, options, listener);
  }

  /**
   * Expands each argument (a file, a glob or a {@code name@N} shard spec, through core's
   * {@link LocalFiles}) into the files it names, in order. A missing file or shard is an error
   * naming it.
   */
  static List<Input> expand(List<String> patterns) throws IOException {
    List<Input> inputs = new ArrayList<>();
    boolean stdinSeen = false;
    for (String pattern : patterns) {
      if (pattern.equals(STDIN)) {
        if (stdinSeen) {
          throw new UsageException("standard input (-) can be named only once");
        }
        stdinSeen = true;
        inputs.add(new Input("<stdin>", null));
        continue;
      }
      for (Path p : LocalFiles.expand(pattern)) {
        inputs.add(new Input(p.toString(), p));
      }
    }
    return inputs;
  }
}
