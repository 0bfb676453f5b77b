package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A live viewer that upgrades and then reads nothing, on a socket with a small receive window, so
 * the gateway's writes to it stop at once: what a client that stalls, or means harm, looks like to
 * the gateway. Later it can read what did reach it, up to the gateway's close.
 */
final class StalledViewer implements AutoCloseable {

    /** What reached the viewer: its output messages, and the close frame's code and reason if one came. */
    record Received(List<JsonNode> outputs, Integer closeCode, String closeReason) {

        long nextSeq(long from) {
            return outputs.isEmpty() ? from : outputs.get(outputs.size() - 1).path("seq").asLong() + 1;
        }

        String text() {
            StringBuilder text = new StringBuilder();
            outputs.forEach(m -> text.append(m.path("data").asText()));
            return text.toString();
        }
    }

    private final Socket socket;

    private StalledViewer(Socket socket) {
        this.socket = socket;
    }

    static StalledViewer open(URI live) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(live.getHost(), live.getPort()), 5000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + live.getRawPath() + "?" + live.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + live.getHost() + ":" + live.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new StalledViewer(socket);
    }

    /** Reads everything until the gateway closes the stream (with a close frame, or by dropping the connection). */
    Received readAll() throws IOException {
        socket.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = readHeaders(in);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("no upgrade: " + status);
        }
        List<JsonNode> outputs = new ArrayList<>();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int head = in.readUnsignedByte();
                int opcode = head & 0x0f;
                byte[] payload = payload(in);
                if (opcode == 0x8) {
                    Integer code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : null;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Received(outputs, code, reason);
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if ((head & 0x80) != 0) {
                        JsonNode json = Api.JSON.readTree(message.toByteArray());
                        if ("output".equals(json.path("type").asText())) {
                            outputs.add(json);
                        }
                        message.reset();
                    }
                }
            }
        } catch (EOFException | java.net.SocketException dropped) {
            return new Received(outputs, null, null);
        }
    }

    private static String readHeaders(DataInputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.readUnsignedByte());
        }
        return headers.substring(0, headers.indexOf("\r\n"));
    }

    private static byte[] payload(DataInputStream in) throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = in.readNBytes(4);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return payload;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
