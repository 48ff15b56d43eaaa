package io.rtcd.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child-process helper for {@link MapDbStoreIT}: opens the store at {@code args[0]}, puts {@code args[1]} =
 * {@code args[2]}, reports {@code written} on stdout, then holds the store open until its stdin closes (the parent
 * kills it with {@code kill -9} long before that; the stdin EOF only stops orphans if the parent dies).
 */
public final class StoreWriterMain {
    private StoreWriterMain() {}

    public static void main(String[] args) throws IOException {
        MapDbStore store = new MapDbStore(new StoreConfig(Path.of(args[0])));
        store.start();
        store.put(args[1], args[2].getBytes(StandardCharsets.UTF_8));
        // stdout is the protocol channel to the parent test, not logging.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write("written\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Wait for EOF: the store stays open (and locked) until then.
        }
        store.close();
    }
}
