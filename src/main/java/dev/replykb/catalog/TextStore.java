package dev.replykb.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The texts of a large catalog, off the Java heap: an append-only file of UTF-8 records, mapped
 * into memory, so that a million variants' titles and bodies cost the heap nothing and a restart
 * maps the file instead of reading every template again. A variant keeps the position of its
 * record; the operating system's page cache holds the text.
 *
 * <p>Records are only appended: a changed variant gets a new record and the old one stays unused
 * until the next full rebuild writes a fresh file. Each gigabyte of the file is mapped read-only as
 * far as it is written, and mapped again when reads go further.
 *
 * <p>The file starts with a header: a magic number and an identity drawn at random when the file is
 * created. A snapshot records the identity of the store its variants point into, and is not
 * believed with any other file: {@code replykb index} creates the file anew and writes its snapshot
 * only at the end, and a crash in between must not leave the old snapshot pointing into the new
 * texts.
 *
 * <p>Thread-safe: appends are serialized, reads of written records need no lock.
 */
public final class TextStore implements Closeable {
  /** Each mapping covers this many bytes; a record never crosses two. */
  static final int CHUNK = 1 << 30;

  /** The first bytes of a texts file: "replykbT". */
  private static final long MAGIC = 0x7265706c796b6254L;

  /** The header: the magic number and the store's identity. Records follow it. */
  static final int HEADER = 8 + 16;

  private final Path file;
  private final FileChannel channel;
  private final String identity;
  private volatile MappedByteBuffer[] chunks = new MappedByteBuffer[0];
  private long end;

  private TextStore(Path file, FileChannel channel, String identity, long end) {
    this.file = file;
    this.channel = channel;
    this.identity = identity;
    this.end = Math.max(HEADER, end);
    this.written = this.end;
  }

  /** A new, empty store in {@code file} (an existing file is emptied), of a new identity. */
  public static TextStore create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      UUID id = UUID.randomUUID();
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      header.putLong(MAGIC).putLong(id.getMostSignificantBits());
      header.putLong(id.getLeastSignificantBits()).flip();
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      return new TextStore(file, channel, id.toString(), HEADER);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The store in {@code file}, to read its records and append more after {@code end} (where the
   * records a snapshot refers to end: the file itself is longer, mapped a chunk at a time).
   *
   * @throws IOException when the file is not a texts file (too short, or another magic number)
   */
  public static TextStore open(Path file, long end) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
        // until the header is read or the file ends
      }
      header.flip();
      if (header.remaining() < HEADER || header.getLong() != MAGIC) {
        throw new IOException(file + " is not a texts file of replykb");
      }
      String identity = new UUID(header.getLong(), header.getLong()).toString();
      return new TextStore(file, channel, identity, end);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Appends go after {@code end} from now on: where the records a snapshot refers to end. */
  synchronized void resume(long end) throws IOException {
    flush();
    this.end = Math.max(HEADER, end);
    this.written = this.end; // what follows in the file is stale: new records overwrite it
  }

  /**
   * The identity drawn when the file was created: a snapshot of variants in this store records it,
   * so that it is never read against another file of the same name.
   */
  public String identity() {
    return identity;
  }

  /**
   * Where the next record goes: what a snapshot records to reopen the store. The records before it
   * are in the file when this returns (not yet forced to disk: {@link #force}).
   */
  public synchronized long end() throws IOException {
    flush();
    return end;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends {@code bytes} and returns where they are. Records are gathered in memory and written
   * {@link #BUFFER} bytes at a time (a full load appends a million of them, and a write for each
   * was a tenth of its time in the kernel); reading one not yet written writes them first.
   */
  public synchronized long put(byte[] bytes) throws IOException {
    int size = 4 + bytes.length;
    if (size > CHUNK) {
      throw new IllegalArgumentException("a text record of " + size + " bytes is too large");
    }
    // Records never cross a chunk: skip to the next one when this one is full.
    long position = end;
    if (position / CHUNK != (position + size - 1) / CHUNK) {
      position = (position / CHUNK + 1) * CHUNK;
    }
    if (pending.position() > 0
        && (position != pendingStart + pending.position() || size > pending.remaining())) {
      flush();
    }
    if (size > pending.capacity()) {
      ByteBuffer record = ByteBuffer.allocate(size);
      record.putInt(bytes.length).put(bytes).flip();
      while (record.hasRemaining()) {
        channel.write(record, position + record.position());
      }
      written = position + size;
    } else {
      if (pending.position() == 0) {
        pendingStart = position;
      }
      pending.putInt(bytes.length).put(bytes);
    }
    end = position + size;
    return position;
  }

  /** Records gathered before they are written to the file together. */
  static final int BUFFER = 1 << 20;

  private final ByteBuffer pending = ByteBuffer.allocate(BUFFER);

  /** Where the first record in {@link #pending} goes. */
  private long pendingStart;

  /** Everything before this position is in the file (what is after it may still be pending). */
  private volatile long written;

  /** Writes the records gathered so far. */
  private synchronized void flush() throws IOException {
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    while (pending.hasRemaining()) {
      channel.write(pending, pendingStart + pending.position());
    }
    written = pendingStart + pending.limit();
    pending.clear();
  }

  /** The bytes written at {@code position}. */
  public byte[] get(long position) {
    if (position >= written) {
      try {
        flush(); // a record just put
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("writing the texts file " + file + " failed", e);
      }
    }
    int index = (int) (position / CHUNK);
    int offset = (int) (position % CHUNK);
    MappedByteBuffer chunk = chunk(index, offset + 4);
    int length = chunk.getInt(offset);
    chunk = chunk(index, offset + 4 + length);
    byte[] bytes = new byte[length];
    chunk.get(offset + 4, bytes);
    return bytes;
  }

  /**
   * Chunk {@code index}, mapped read-only at least up to {@code needed} bytes into it: a chunk is
   * mapped as far as the file is written, and mapped again further when a read goes past that.
   */
  private MappedByteBuffer chunk(int index, int needed) {
    MappedByteBuffer[] mapped = chunks;
    if (index < mapped.length && mapped[index] != null && mapped[index].capacity() >= needed) {
      return mapped[index];
    }
    synchronized (this) {
      MappedByteBuffer[] now = chunks;
      if (index >= now.length || now[index] == null || now[index].capacity() < needed) {
        MappedByteBuffer[] grown = java.util.Arrays.copyOf(now, Math.max(now.length, index + 1));
        try {
          long start = (long) index * CHUNK;
          long size = Math.min(CHUNK, channel.size() - start);
          if (size < needed) {
            throw new IllegalStateException(
                "no record at " + (start + needed) + " in " + file + " (" + channel.size() + ")");
          }
          grown[index] = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("mapping " + file + " failed", e);
        }
        chunks = grown;
        now = grown;
      }
      return now[index];
    }
  }

  /** Forces what was written to disk: before a snapshot that refers to it is written. */
  public synchronized void force() throws IOException {
    flush();
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
