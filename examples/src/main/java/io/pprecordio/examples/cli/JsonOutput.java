package io.pprecordio.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON that {@code verify --json} and {@code stat --json} print, written with Jackson's
 * streaming generator so that a long list of regions is printed as it is found, never held.
 * Compact, with each array element on its own line, so that the output also reads line by line.
 */
final class JsonOutput {
  private static final JsonFactory FACTORY = new JsonFactory()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonOutput() {}

  /** A generator over {@code out}, which it flushes but never closes. */
  static JsonGenerator over(Writer out) throws IOException {
    return FACTORY.createGenerator(out).setPrettyPrinter(new OneElementPerLine());
  }

  /**
   * What {@code verify} and {@code stat} report of the damage they met: corrupt_regions (and
   * corrupt_frames, its deprecated old name, for one release), skipped_bytes, torn_tail, and the
   * inputs that are not pp_recordio at all.
   */
  static void writeDamage(JsonGenerator g, RecordScan.Summary summary) throws IOException {
    g.writeNumberField("corrupt_regions", summary.corruptRegions());
    g.writeNumberField("corrupt_frames", summary.corruptRegions());
    g.writeNumberField("skipped_bytes", summary.skippedBytes());
    g.writeBooleanField("torn_tail", summary.tornTail());
    g.writeArrayFieldStart("not_pp_recordio");
    for (RecordScan.FileResult f : summary.files()) {
      if (f.notPPRecordIO()) {
        g.writeString(f.input().name());
      }
    }
    g.writeEndArray();
  }

  /** Arrays with one element per line; everything else compact. */
  private static final class OneElementPerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values > 0) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      g.writeRaw('}');
    }
  }
}
