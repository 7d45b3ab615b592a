package io.github.asynclogging.logback;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SocketAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A taken-over Logback socket appender, whose serialization accepts only Logback's own event
 * types, sends every line the synchronous one sends (found by an attack on 487cd9a, whose wrapper
 * event ended the socket appender's dispatch at the first event with arguments).
 */
class SocketAppenderTests {

	private final LoggerContext context = new LoggerContext();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private ServerSocket server;

	private Thread receiver;

	private SocketAppender socket;

	private LogbackBridge bridge;

	@BeforeEach
	void configure() throws IOException {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
		this.receiver = new Thread(this::receive, "socket-receiver");
		this.receiver.setDaemon(true);
		this.receiver.start();
		this.socket = new SocketAppender();
		this.socket.setName("SOCKET");
		this.socket.setContext(this.context);
		this.socket.setRemoteHost(InetAddress.getLoopbackAddress().getHostAddress());
		this.socket.setPort(this.server.getLocalPort());
		this.socket.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.socket);
	}

	@AfterEach
	void close() throws IOException {
		Bridges.stop(this.bridge, this.context);
		this.server.close();
	}

	private void receive() {
		try {
			for (;;) {
				Socket accepted = this.server.accept();
				try (InputStream in = accepted.getInputStream(); ObjectInputStream objects = new ObjectInputStream(in)) {
					for (;;) {
						ILoggingEvent event = (ILoggingEvent) objects.readObject();
						this.received.add(event.getFormattedMessage());
					}
				}
				catch (EOFException ex) {
					// the appender closed the connection
				}
			}
		}
		catch (IOException | ClassNotFoundException ex) {
			// server closed
		}
	}

	private void logThree() {
		this.context.getLogger("app").info("plain line");
		this.context.getLogger("app").info("order {} shipped", "A-1");
		this.context.getLogger("app").info("line after");
	}

	@Test
	void synchronousLogbackSendsEveryLine() {
		logThree();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 3);
		assertThat(this.received).containsExactly("plain line", "order A-1 shipped", "line after");
	}

	@Test
	void takenOverSocketAppenderSendsEveryLine() {
		this.bridge = Bridges.bridge(this.context, "socket-worker-", List.of(), BridgeOptions.DEFAULTS);
		this.bridge.start();
		logThree();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.received).containsExactly("plain line", "order A-1 shipped", "line after"));
	}

}
