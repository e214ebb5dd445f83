def test_home_lists_the_ten_sections(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["คู่มือและเอกสาร", "กฎหมาย ระเบียบ หนังสือสั่งการ", "คำถามที่พบบ่อย", "เว็บบอร์ด"]:
        assert title in html
