from fastapi import FastAPI

app = FastAPI(title="sentiment")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
