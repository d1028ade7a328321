"""Case memory end to end, including a restart of both servers."""
import uuid


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def test_case_survives_a_restart_of_both_servers(fresh_assistant):
    sender = f"mediator-{uuid.uuid4().hex[:8]}"
    fresh_assistant.start()
    assert "Noted as a gain" in texts(fresh_assistant.say(sender, "they agreed on the holiday schedule"))
    first = texts(fresh_assistant.say(sender, "seller is at 410 and buyer at 380, each says they moved "
                                              "last and neither will go again"))
    assert "Try this:" in first
    title = first.split("Try this:")[1].split("(")[0].strip()

    fresh_assistant.stop()
    fresh_assistant.start()

    summary = texts(fresh_assistant.say(sender, "summarise gains"))
    assert "- the holiday schedule" in summary
    another = texts(fresh_assistant.say(sender, "another idea"))
    assert "Try this:" in another and title not in another, "offered strategies must survive the restart"
