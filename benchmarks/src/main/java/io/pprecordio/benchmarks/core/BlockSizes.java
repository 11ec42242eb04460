package io.pprecordio.benchmarks.core;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictTrainer;
import io.pprecordio.Codec;
import io.pprecordio.WriterOptions;
import io.pprecordio.benchmarks.core.BlockModeData.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The file sizes of issue 12's block mode table. Sizes are exact and the same on every machine
 * (the records come from a fixed seed), so they are computed here once rather than timed by JMH:
 *
 * <ol>
 *   <li>the four files of {@link BlockModeData} (block zstd with the defaults, per-record zstd,
 *       uncompressed frames, TFRecord + whole-file gzip) and the two size ratios with their
 *       goals;
 *   <li>block zstd at levels 3, 9 and 19 and blocks of 32 KiB, 128 KiB and 1 MiB (written to a
 *       null channel, sized by the writer's position), plus gzip and uncompressed blocks;
 *   <li>the optional zstd dictionary of issue 12 (a size-only experiment): each record compressed
 *       on its own, as per-record zstd does, with a dictionary trained by zstd-jni's
 *       {@link ZstdDictTrainer} on the first 10% of the records, against blocks.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.pprecordio.benchmarks.core.BlockSizes} (with {@code -Dpprecordio.bench.dir=...} as for the
 * benchmarks). Level 19 takes about two minutes per block size on a shared 2-core machine, so
 * it is measured only with {@code --level19}.
 */
public final class BlockSizes {
  private BlockSizes() {}

  private static final int HEADER = 40;

  public static void main(String[] args) throws IOException {
    boolean level19 = args.length > 0 && args[0].equals("--level19");
    long t0 = System.nanoTime();
    BlockModeData.ensure();
    byte[][] records = JsonLikeRecords.generate(BlockModeData.RECORDS);
    long payload = 0;
    for (byte[] r : records) {
      payload += r.length;
    }
    int n = records.length;
    System.out.printf("%,d JSON-like records, %,d bytes, %.1f bytes per record on average%n", n,
        payload, (double) payload / n);

    Map<Layout, Long> sizes = new EnumMap<>(Layout.class);
    for (Layout layout : Layout.values()) {
      sizes.put(layout, Files.size(BlockModeData.file(layout)));
    }
    long tfPlain = checkTfRecord(n, payload);
    long block = sizes.get(Layout.BLOCK_ZSTD);
    long perRecord = sizes.get(Layout.RECORD_ZSTD);
    long tfGzip = sizes.get(Layout.TFRECORD_GZIP);
    System.out.println();
    System.out.println("Files (" + BlockModeData.dir() + "):");
    for (Layout layout : Layout.values()) {
      System.out.printf("  %-16s %,13d bytes  %7.2f bytes/record%n", layout, sizes.get(layout),
          (double) sizes.get(layout) / n);
    }
    System.out.printf("  %-16s %,13d bytes  %7.2f bytes/record (TFRecord before gzip)%n",
        "TFRECORD", tfPlain, (double) tfPlain / n);
    System.out.println();
    System.out.printf("block zstd / per-record zstd        = %.3fx  goal <= 0.4x: %s%n",
        (double) block / perRecord, (double) block / perRecord <= 0.4 ? "met" : "MISSED");
    System.out.printf("block zstd / TFRecord + gzip        = %.3fx  goal <= 1.1x: %s%n",
        (double) block / tfGzip, (double) block / tfGzip <= 1.1 ? "met" : "MISSED");

    System.out.println();
    System.out.println("Block settings (same records; ratios against per-record zstd and against"
        + " TFRecord + gzip):");
    System.out.printf("  %-8s %-5s %-8s %13s %8s %8s %8s %7s%n", "codec", "level", "block",
        "bytes", "/record", "vs rec", "vs tf.gz", "secs");
    for (int level : level19 ? new int[] {3, 9, 19} : new int[] {3, 9}) {
      for (int kib : new int[] {32, 128, 1024}) {
        blockRow(records, Codec.ZSTD, level, kib, perRecord, tfGzip);
      }
    }
    blockRow(records, Codec.GZIP, 6, 128, perRecord, tfGzip);
    blockRow(records, Codec.NONE, 0, 128, perRecord, tfGzip);

    System.out.println();
    System.out.println("Per-record zstd level 3 with a trained dictionary (size only; "
        + "estimated file = records x 40-byte header + compressed records + the dictionary "
        + "once):");
    dictionaryRows(records, perRecord, block);
    System.out.printf("%nBlockSizes took %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** Checks the TFRecord file decompresses to 16 framing bytes per record plus the records. */
  private static long checkTfRecord(int n, long payload) throws IOException {
    long length = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = new GZIPInputStream(
        Files.newInputStream(BlockModeData.file(Layout.TFRECORD_GZIP)), 1 << 16)) {
      for (int k; (k = in.read(buf)) >= 0; ) {
        length += k;
      }
    }
    if (length != 16L * n + payload) {
      throw new IllegalStateException("the TFRecord file holds " + length + " bytes, expected "
          + (16L * n + payload));
    }
    return length;
  }

  private static void blockRow(byte[][] records, Codec codec, int level, int kib, long perRecord,
      long tfGzip) throws IOException {
    WriterOptions options = WriterOptions.defaults().withCodec(codec)
        .withBlock(WriterOptions.MAX_BLOCK_RECORDS, kib << 10);
    if (codec != Codec.NONE) {
      options = options.withCompressionLevel(level);
    }
    long t = System.nanoTime();
    long size = BlockModeData.writeToNull(records, options);
    System.out.printf("  %-8s %-5s %-8s %,13d %8.2f %7.3fx %7.3fx %7.1f%n",
        codec.name().toLowerCase(java.util.Locale.ROOT), codec == Codec.NONE ? "-" : level,
        kib >= 1024 ? (kib >> 10) + " MiB" : kib + " KiB", size, (double) size / records.length,
        (double) size / perRecord, (double) size / tfGzip, (System.nanoTime() - t) / 1e9);
  }

  private static void dictionaryRows(byte[][] records, long perRecord, long block) {
    int samples = records.length / 10;
    System.out.printf("  %-34s %13s %8s %8s %8s%n", "dictionary, zstd frame", "bytes", "/record",
        "vs rec", "vs block");
    row("none, standard frame", records, null, false, perRecord, block);
    row("none, lean frame", records, null, true, perRecord, block);
    for (int dictBytes : new int[] {4 << 10, 16 << 10, 110 << 10}) {
      ZstdDictTrainer trainer = new ZstdDictTrainer(Integer.MAX_VALUE / 2, dictBytes);
      for (int i = 0; i < samples; i++) {
        trainer.addSample(records[i]);
      }
      byte[] dict = trainer.trainSamples();
      String label = (dict.length >> 10) + " KiB";
      row(label + ", standard frame", records, dict, false, perRecord, block);
      row(label + ", lean frame", records, dict, true, perRecord, block);
    }
    System.out.println("  (lean frame: no magic number, dictionary id or content size, which the"
        + " frame header could carry instead)");
  }

  private static void row(String label, byte[][] records, byte[] dict, boolean lean,
      long perRecord, long block) {
    long size = (long) HEADER * records.length + (dict == null ? 0 : dict.length);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(3);
      if (dict != null) {
        ctx.loadDict(dict);
      }
      if (lean) {
        ctx.setMagicless(true).setDictID(false).setContentSize(false);
      }
      byte[] dst = new byte[1024];
      for (byte[] r : records) {
        size += ctx.compressByteArray(dst, 0, dst.length, r, 0, r.length);
      }
    }
    System.out.printf("  %-34s %,13d %8.2f %7.3fx %7.3fx%n", label, size,
        (double) size / records.length, (double) size / perRecord, (double) size / block);
  }
}
