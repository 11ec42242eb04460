package io.pprecordio.examples.convert;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ShardSpec;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A small pp_recordio dataset generated on the spot, for running the conversion job with no
 * input: JSON event records in three shards, each shard written with another codec (none, gzip,
 * zstd), and two kinds of damage the job must survive: one record's payload has a flipped byte
 * (shard 1) and the last record of shard 2 was cut off half-written, as by a crash (a torn tail).
 * Deterministic: the same count gives the same bytes.
 */
final class SampleDataset {
  static final int SHARDS = 3;
  static final String NAME = "events";
  static final String DIRECTORY = "sample";

  /** What was written. */
  record Sample(ShardSpec spec, long records, long damagedFrameOffset, long damagedFrameBytes,
      long tornTailOffset, long tornTailBytes) {

    long intactRecords() {
      return records - 2;
    }

    /** A few lines for the user: what the sample holds and what is wrong with it. */
    List<String> describe() {
      return List.of(
          String.format("%s/%s@%d.pp_recordio: %d JSON records in %d shards, compressed record"
              + " by record with none, gzip and zstd;", DIRECTORY, NAME, spec.shardCount(),
              records, spec.shardCount()),
          String.format("shard 1 has a damaged record at offset %d (%d bytes) and shard 2 ends in"
              + " a record cut off", damagedFrameOffset, damagedFrameBytes),
          String.format("by a crash at offset %d, so %d records are intact.", tornTailOffset,
              intactRecords()));
    }
  }

  private SampleDataset() {}

  static Sample write(Path directory, int records) throws IOException {
    if (records < 3 * SHARDS) {
      throw new IllegalArgumentException("--sampleRecords must be at least " + 3 * SHARDS);
    }
    Files.createDirectories(directory);
    ShardSpec spec = ShardSpec.of(directory.resolve(NAME).toString(), SHARDS, ".pp_recordio");
    Codec[] codecs = {Codec.NONE, Codec.GZIP, Codec.ZSTD};
    Random random = new Random(20240501L);
    long damagedOffset = -1;
    long damagedBytes = -1;
    long tornOffset = -1;
    long tornBytes = -1;
    int id = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      Path file = Path.of(spec.shardName(shard));
      int count = records / SHARDS + (shard < records % SHARDS ? 1 : 0);
      long[] offsets = new long[count];
      try (PPRecordWriter writer = PPRecordWriter.create(file,
          WriterOptions.defaults().withCodec(codecs[shard]))) {
        for (int i = 0; i < count; i++) {
          offsets[i] = writer.write(event(id++, random));
        }
      }
      long size = Files.size(file);
      if (shard == 1) {
        // Flip a byte in the last payload byte of a record in the middle: its CRC fails.
        int victim = count / 2;
        damagedOffset = offsets[victim];
        damagedBytes = offsets[victim + 1] - offsets[victim];
        flipByte(file, offsets[victim + 1] - 1);
      } else if (shard == 2) {
        tornOffset = offsets[count - 1];
        long frame = size - tornOffset;
        tornBytes = frame / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.setLength(tornOffset + tornBytes);
        }
      }
    }
    return new Sample(spec, records, damagedOffset, damagedBytes, tornOffset, tornBytes);
  }

  private static final String[] ACTIONS = {"view", "click", "add_to_cart", "purchase", "search"};

  static byte[] event(int id, Random random) {
    String json = String.format("{\"id\":%d,\"user\":\"user-%04d\",\"action\":\"%s\","
            + "\"item\":\"item-%05d\",\"ms\":%d}", id, random.nextInt(5000),
        ACTIONS[random.nextInt(ACTIONS.length)], random.nextInt(100_000),
        1_700_000_000_000L + id * 137L + random.nextInt(100));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x5a);
    }
  }
}
