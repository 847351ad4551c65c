package diezmil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Prints the libraries this server uses as a JSON object {library: version} (filled in by Maven from pom.xml). */
public final class Libraries {
    public static void main(String[] args) throws IOException {
        try (InputStream in = Libraries.class.getResourceAsStream("/libraries.json")) {
            System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
