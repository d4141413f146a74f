package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.manybot.core.declaration.Bot;
import org.junit.jupiter.api.Test;

/** Creation only: no request is sent. */
class LlmChatModelsTest {
    private static final String KEY = "sk-test-not-a-real-key-0000";

    private static Bot.Model model(String provider, String baseUrl) {
        return new Bot.Model(provider, "some-model", baseUrl, "KEY_ENV", null, 0.2, 512);
    }

    @Test
    void eachProviderGivesAModelWithoutNetwork() {
        ChatModel openAi = ChatModels.create(model("openai", null), KEY);
        assertInstanceOf(OpenAiChatModel.class, openAi);
        assertEquals(0.2, openAi.defaultRequestParameters().temperature());
        assertEquals(512, openAi.defaultRequestParameters().maxOutputTokens());
        assertEquals("some-model", openAi.defaultRequestParameters().modelName());

        assertInstanceOf(OpenAiChatModel.class, ChatModels.create(model("openai-compatible", "http://127.0.0.1:8000/v1"), KEY));
        assertInstanceOf(OpenAiChatModel.class, ChatModels.create(model("openai-compatible", "http://127.0.0.1:8000/v1"), null));
        assertInstanceOf(OpenAiChatModel.class, ChatModels.create(model("ollama", null), null));
        assertInstanceOf(OpenAiChatModel.class, ChatModels.create(model("Ollama", "http://gpu-box:11434/v1"), null));

        ChatModel anthropic = ChatModels.create(model("anthropic", null), KEY);
        assertInstanceOf(AnthropicChatModel.class, anthropic);
        assertEquals(512, anthropic.defaultRequestParameters().maxOutputTokens());
        assertInstanceOf(AnthropicChatModel.class,
                ChatModels.create(new Bot.Model("anthropic", "claude-x", null, null, null, null, null), KEY));
    }

    @Test
    void unknownProviderAndMissingSettingsAreRefusedClearly() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ChatModels.create(model("gemini", null), KEY));
        assertEquals("unknown model provider 'gemini'; accepted: openai, openai-compatible, anthropic, ollama", unknown.getMessage());

        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> ChatModels.create(model("openai", null), null));
        assertEquals("model provider 'openai' needs an API key", noKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChatModels.create(model("anthropic", null), " "));
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
                () -> ChatModels.create(model("openai-compatible", null), KEY));
        assertTrue(noUrl.getMessage().contains("needs a baseUrl"));
        assertThrows(IllegalArgumentException.class,
                () -> ChatModels.create(new Bot.Model("openai", " ", null, null, null, null, null), KEY));
    }
}
