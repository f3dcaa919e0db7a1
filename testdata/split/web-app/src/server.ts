import express from "express";

const app = express();
app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
app.listen(3000);
