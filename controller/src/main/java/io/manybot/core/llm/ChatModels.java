package io.manybot.core.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.manybot.core.declaration.Bot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Chat models from a bot's {@link Bot.Model} declaration. Request and response logging is always off:
 * prompts carry repository content and the transport carries the API key.
 */
public final class ChatModels {
    public static final List<String> PROVIDERS = List.of("openai", "openai-compatible", "anthropic", "ollama");
    public static final String OLLAMA_DEFAULT_BASE_URL = "http://localhost:11434/v1";
    /** Ollama ignores the key, but the OpenAI client sends one. */
    static final String OLLAMA_PLACEHOLDER_KEY = "ollama";
    /** An OpenAI-compatible server without authentication. */
    static final String NO_KEY_PLACEHOLDER = "none";
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ChatModels() {}

    /**
     * A model for {@code model}.
     *
     * @param apiKey the key (see {@link io.manybot.core.secret.Secrets#resolveApiKey}), or null when the
     *     provider needs none
     * @throws IllegalArgumentException for an unknown provider (naming the accepted ones), a missing
     *     model name or base URL, or a missing key where the provider needs one
     */
    public static ChatModel create(Bot.Model model, String apiKey) {
        String provider = model.provider() == null ? "" : model.provider().trim().toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("unknown model provider '" + model.provider() + "'; accepted: "
                    + String.join(", ", PROVIDERS));
        }
        if (model.name() == null || model.name().isBlank()) {
            throw new IllegalArgumentException("model provider '" + provider + "' needs a model name");
        }
        String baseUrl = model.baseUrl() == null || model.baseUrl().isBlank() ? null : model.baseUrl().trim();
        return switch (provider) {
            case "openai" -> openAi(model, baseUrl, requireKey(provider, apiKey));
            case "openai-compatible" -> {
                if (baseUrl == null) {
                    throw new IllegalArgumentException("model provider 'openai-compatible' needs a baseUrl");
                }
                yield openAi(model, baseUrl, apiKey == null ? NO_KEY_PLACEHOLDER : apiKey);
            }
            case "ollama" -> openAi(model, baseUrl == null ? OLLAMA_DEFAULT_BASE_URL : baseUrl,
                    apiKey == null ? OLLAMA_PLACEHOLDER_KEY : apiKey);
            default -> anthropic(model, baseUrl, requireKey(provider, apiKey));
        };
    }

    private static ChatModel openAi(Bot.Model model, String baseUrl, String apiKey) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .apiKey(apiKey)
                .modelName(model.name())
                .temperature(model.temperature())
                .maxTokens(model.maxTokens())
                .timeout(TIMEOUT)
                .logRequests(false)
                .logResponses(false);
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    private static ChatModel anthropic(Bot.Model model, String baseUrl, String apiKey) {
        AnthropicChatModel.AnthropicChatModelBuilder builder = AnthropicChatModel.builder()
                .apiKey(apiKey)
                .modelName(model.name())
                .temperature(model.temperature())
                .timeout(TIMEOUT)
                .logRequests(false)
                .logResponses(false);
        if (model.maxTokens() != null) {
            builder.maxTokens(model.maxTokens());
        }
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    private static String requireKey(String provider, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("model provider '" + provider + "' needs an API key");
        }
        return apiKey;
    }
}
