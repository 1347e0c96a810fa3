package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {
    private static UpgradeRequest requestWithHost(String host) {
        return UpgradeRequest.get("/", HttpFields.of().with("Host", host));
    }

    private static final UpgradeRequest ANY = requestWithHost("chat.example.com");

    @Test
    void any_origin_allows_everything() {
        assertThat(OriginPolicy.anyOrigin().allows(Optional.of("http://evil.example"), ANY)).isTrue();
        assertThat(OriginPolicy.anyOrigin().allows(Optional.of("null"), ANY)).isTrue();
    }

    @Test
    void an_allow_list_allows_exactly_its_origins_ignoring_case() {
        OriginPolicy p = OriginPolicy.allowList(List.of("https://chat.example.com", "http://localhost:8080"));
        assertThat(p.allows(Optional.of("https://chat.example.com"), ANY)).isTrue();
        assertThat(p.allows(Optional.of("HTTPS://Chat.Example.com"), ANY)).isTrue();
        assertThat(p.allows(Optional.of("http://localhost:8080"), ANY)).isTrue();
        assertThat(p.allows(Optional.of("http://chat.example.com"), ANY)).isFalse();
        assertThat(p.allows(Optional.of("https://chat.example.com.evil.example"), ANY)).isFalse();
        assertThat(p.allows(Optional.of("http://localhost:8081"), ANY)).isFalse();
    }

    @Test
    void an_allow_list_refuses_the_null_origin_even_if_listed() {
        assertThat(OriginPolicy.allowList(List.of("https://a.example")).allows(Optional.of("null"), ANY)).isFalse();
        assertThat(OriginPolicy.allowList(List.of("null")).allows(Optional.of("null"), ANY)).isFalse();
    }

    @Test
    void a_missing_origin_is_allowed_unless_required() {
        OriginPolicy p = OriginPolicy.allowList(List.of("https://a.example"));
        assertThat(p.allows(Optional.empty(), ANY)).isTrue();
        assertThat(p.requireOrigin().allows(Optional.empty(), ANY)).isFalse();
        assertThat(p.requireOrigin().allows(Optional.of("https://a.example"), ANY)).isTrue();
    }

    @ParameterizedTest(name = "Origin {0} with Host {1} -> {2}")
    @CsvSource({
            "http://localhost:8080, localhost:8080, true",
            "http://LOCALHOST:8080, localhost:8080, true",
            "http://localhost, localhost:80, true",
            "https://example.com, example.com, true",
            "https://example.com:443, example.com, true",
            "http://localhost:8080, localhost:9090, false",
            "http://evil.example:8080, localhost:8080, false",
            "https://example.com, example.com:80, false",
            "http://[::1]:8080, [::1]:8080, true",
            "null, localhost, false",
            "http://localhost/path, localhost, false",
            "http://localhost:x, localhost, false",
    })
    void same_host_compares_host_and_port_with_default_ports(String origin, String host, boolean allowed) {
        assertThat(OriginPolicy.sameHost().allows(Optional.of(origin), requestWithHost(host))).isEqualTo(allowed);
    }

    @Test
    void same_host_refuses_when_the_request_has_no_host() {
        assertThat(OriginPolicy.sameHost().allows(Optional.of("http://a"), UpgradeRequest.get("/", HttpFields.of())))
                .isFalse();
    }
}
