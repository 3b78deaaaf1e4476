from tests.forum.test_demo import load_demo
from tests.search.conftest import found_titles


def test_the_demo_finds_the_gene_therapy_discussion(db, client, tmp_path, monkeypatch):
    load_demo(tmp_path, monkeypatch)
    response = client.get("/search/?q=gene+therapy")
    assert found_titles(response)[0] == "Gene therapy for autoimmune disease?"
    assert "Gene therapy for autoimmune disease?" in response.content.decode()
