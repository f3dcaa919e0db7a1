# expect: 5:5 DO506
# expect: 6:5 DO506
# expect: 7:5 DO506
FROM python:3.11-slim
RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('bert-base-uncased')"
RUN python -m spacy download en_core_web_lg
RUN curl -fsSL -o /models/llama.gguf https://example.com/models/llama-3-8b.Q4_K_M.gguf
