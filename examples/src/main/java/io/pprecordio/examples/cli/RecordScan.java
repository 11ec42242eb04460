package io.pprecordio.examples.cli;

import io.pprecordio.Codec;
import io.pprecordio.CorruptRegion;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReadStats;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of a list of inputs, in order, with core's {@link PPRecordReader}, handing
 * each record and each skipped region to the command as they come, so memory stays bounded
 * however large or damaged the inputs are. Drives the progress bar.
 */
final class RecordScan {
  /** Receives each record and where it is; returns false to stop reading. */
  interface RecordSink {
    boolean accept(Input input, RecordAddress address, byte[] record) throws IOException;
  }

  /** Receives each skipped region, a torn tail included, in file order. */
  interface RegionSink {
    void accept(Input input, CorruptRegion region) throws IOException;
  }

  /** Told how each record was stored, before the record itself is handed on. */
  interface FrameSink {
    /**
     * Called for every record with its frame's layout; {@code indexInBlock} is 0 for the first
     * (or only) record of a frame, so a sink counts frames there.
     */
    void accept(FormatVersion version, Codec codec, long frameLength, int indexInBlock,
        boolean blockFrame);
  }

  /** Told when an input has been read, before the next one starts. */
  interface FileEndSink {
    void accept(FileResult file) throws IOException;
  }

  /**
   * What one input held.
   *
   * @param endPosition how far the reader examined the input; its size once read to the end
   */
  record FileResult(Input input, ReadStats stats, boolean notPPRecordIO, long endPosition) {}

  /** What the scan read, input by input. */
  record Summary(List<FileResult> files, boolean stopped) {
    long records() {
      return files.stream().mapToLong(f -> f.stats().records()).sum();
    }

    long recordBytes() {
      return files.stream().mapToLong(f -> f.stats().recordBytes()).sum();
    }

    long corruptRegions() {
      return files.stream().mapToLong(f -> f.stats().corruptRegions()).sum();
    }

    long skippedBytes() {
      return files.stream().mapToLong(f -> f.stats().skippedBytes()).sum();
    }

    boolean tornTail() {
      return files.stream().anyMatch(f -> f.stats().tornTail());
    }

    boolean anyNotPPRecordIO() {
      return files.stream().anyMatch(FileResult::notPPRecordIO);
    }
  }

  private final Io io;
  private final ReaderOptions options;
  private final List<Input> inputs;
  private long start;
  private long end = Long.MAX_VALUE;
  private String task = "reading";
  private boolean dataOnStdout;
  private FileEndSink fileEnd = file -> { };
  private FrameSink frames = (version, codec, frameLength, indexInBlock, blockFrame) -> { };
  private Progress progress = Progress.none();

  RecordScan(Io io, ReaderOptions options, List<Input> inputs) {
    this.io = io;
    this.options = options;
    this.inputs = inputs;
  }

  /** Reads only the records whose frames start in {@code [start, end)}, as one split would. */
  RecordScan range(long start, long end) {
    this.start = start;
    this.end = end;
    return this;
  }

  /** Names the progress bar; {@code dataOnStdout} hides it when records go to the terminal. */
  RecordScan progress(String task, boolean dataOnStdout) {
    this.task = task;
    this.dataOnStdout = dataOnStdout;
    return this;
  }

  /** Calls {@code sink} after each input, in order. */
  RecordScan onFileEnd(FileEndSink sink) {
    this.fileEnd = sink;
    return this;
  }

  /** Calls {@code sink} with each record's frame version, codec and length. */
  RecordScan onFrame(FrameSink sink) {
    this.frames = sink;
    return this;
  }

  Summary run(RecordSink records, RegionSink regions) throws IOException {
    List<FileResult> results = new ArrayList<>();
    boolean readsStdin = inputs.stream().anyMatch(Input::isStdin);
    try (Progress progress = Progress.start(io, task, totalBytes(), dataOnStdout, readsStdin)) {
      this.progress = progress;
      long done = 0;
      for (Input input : inputs) {
        FileScan scan = new FileScan(input, regions);
        boolean stopped;
        try (PPRecordReader reader = input.open(io, start, end, options, scan::onRegion)) {
          scan.reader = reader;
          scan.progress = progress;
          scan.before = done;
          stopped = scan.readAll(records);
          FileResult result = new FileResult(input, reader.stats(),
              !stopped && scan.notPPRecordIO(), reader.position());
          results.add(result);
          above(() -> fileEnd.accept(result));
          done += Math.max(0, reader.position() - start);
        }
        if (stopped) {
          return new Summary(results, true);
        }
      }
    } finally {
      this.progress = Progress.none();
    }
    return new Summary(results, false);
  }

  /** Lines printed to the terminal while the scan runs, with the progress bar out of the way. */
  interface Printing {
    void run() throws IOException;
  }

  /** Runs {@code print} with the progress bar, if any, out of the way; for use inside sinks. */
  void above(Printing print) throws IOException {
    IOException[] failure = {null};
    progress.above(() -> {
      try {
        print.run();
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private long totalBytes() throws IOException {
    long total = 0;
    for (Input input : inputs) {
      long size = input.size();
      if (size < 0) {
        return -1;
      }
      total += Math.max(0, Math.min(size, end) - start);
    }
    return total;
  }

  /** The state of reading one input. */
  private final class FileScan {
    private final Input input;
    private final RegionSink regions;
    private PPRecordReader reader;
    private Progress progress;
    private long before;
    private CorruptRegion first;

    FileScan(Input input, RegionSink regions) {
      this.input = input;
      this.regions = regions;
    }

    boolean readAll(RecordSink records) throws IOException {
      try {
        while (reader.advance()) {
          progress.update(before + reader.position() - start);
          frames.accept(reader.formatVersion(), reader.codec(), reader.frameLength(),
              reader.indexInBlock(), reader.inBlockFrame());
          if (!records.accept(input, reader.address(), reader.record())) {
            return true;
          }
        }
        return false;
      } catch (UncheckedIOException e) {
        // A region sink failed inside the reader's listener callback, which cannot throw.
        throw e.getCause();
      }
    }

    void onRegion(CorruptRegion region) {
      if (first == null) {
        first = region;
      }
      progress.update(before + reader.position() - start);
      try {
        regions.accept(input, region);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * A whole input that yields no record and starts with bytes that are no frame at all: not a
     * pp_recordio file, rather than a damaged one.
     */
    boolean notPPRecordIO() {
      return start == 0 && reader.stats().records() == 0 && first != null
          && first.offset() == 0 && first.reason() == CorruptRegion.Reason.UNRECOGNIZED_BYTES;
    }
  }
}
