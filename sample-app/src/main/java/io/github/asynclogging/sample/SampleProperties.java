package io.github.asynclogging.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample application itself.
 *
 * @param sinkDelay how long the sample's slow destination takes per event at start
 */
@ConfigurationProperties("sample")
record SampleProperties(@DefaultValue("0ms") Duration sinkDelay) {

}
