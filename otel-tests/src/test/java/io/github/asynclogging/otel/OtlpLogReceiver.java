package io.github.asynclogging.otel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * An OTLP/HTTP logs receiver on a loopback port, as a collector would be: decodes each
 * {@code ExportLogsServiceRequest} with OpenTelemetry's proto classes and keeps its records.
 */
final class OtlpLogReceiver implements AutoCloseable {

	static final String PATH = "/v1/logs";

	private final HttpServer server;

	private final List<Received> records = new CopyOnWriteArrayList<>();

	private final List<String> contentTypes = new CopyOnWriteArrayList<>();

	OtlpLogReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext(PATH, this::handle);
		this.server.start();
	}

	/** The endpoint, for {@code management.opentelemetry.logging.export.otlp.endpoint}. */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
			ExportLogsServiceRequest request;
			try (InputStream body = exchange.getRequestBody()) {
				request = ExportLogsServiceRequest.parseFrom(body);
			}
			for (ResourceLogs resource : request.getResourceLogsList()) {
				for (ScopeLogs scope : resource.getScopeLogsList()) {
					for (LogRecord record : scope.getLogRecordsList()) {
						this.records.add(new Received(scope.getScope().getName(), record));
					}
				}
			}
			byte[] response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, response.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
	}

	/** Every record received so far. */
	List<Received> records() {
		return new ArrayList<>(this.records);
	}

	/** The record whose body is the given text, if one was received. */
	Received record(String body) {
		return this.records.stream()
			.filter((received) -> received.record().getBody().getStringValue().equals(body))
			.findFirst()
			.orElse(null);
	}

	List<String> contentTypes() {
		return this.contentTypes;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A record and the name of its instrumentation scope (the logger's name, for the Logback appender).
	 */
	record Received(String scope, LogRecord record) {

		String attribute(String key) {
			return this.record.getAttributesList()
				.stream()
				.filter((attribute) -> attribute.getKey().equals(key))
				.map((attribute) -> attribute.getValue().getStringValue())
				.findFirst()
				.orElse(null);
		}

	}

}
