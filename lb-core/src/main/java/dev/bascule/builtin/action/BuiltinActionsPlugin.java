package dev.bascule.builtin.action;

import dev.bascule.api.Plugin;
import dev.bascule.api.action.ActionFactory;

import java.util.List;

/**
 * The built-in rule actions, served by the {@code samples} plugin like its fetches and
 * converters. A new action is a factory in this package and one line here.
 */
public final class BuiltinActionsPlugin implements Plugin {
    @Override
    public List<ActionFactory> actions() {
        return List.of(
                new HeaderActions.Write(false),
                new HeaderActions.Write(true),
                new HeaderActions.Delete(),
                new FlowActions.Allow(),
                new ReplyActions.Deny(),
                new ReplyActions.Tarpit(),
                new ReplyActions.Return(),
                new ReplyActions.Auth(),
                new RedirectAction(),
                new CaptureAction(),
                new WaitForBodyAction(),
                new TrackAction(),
                new FlowActions.SetLogLevel(),
                new MessageActions.SetStatus(),
                new MessageActions.SetRequestLine(MessageActions.Part.PATH),
                new MessageActions.SetRequestLine(MessageActions.Part.PATHQ),
                new MessageActions.SetRequestLine(MessageActions.Part.QUERY),
                new MessageActions.SetRequestLine(MessageActions.Part.URI),
                new MessageActions.SetRequestLine(MessageActions.Part.METHOD),
                new ReplaceActions.Header(false),
                new ReplaceActions.Header(true),
                new ReplaceActions.RequestLine(MessageActions.Part.PATH),
                new ReplaceActions.RequestLine(MessageActions.Part.PATHQ),
                new ReplaceActions.RequestLine(MessageActions.Part.URI),
                new VariableActions("set-var"),
                new VariableActions("set-var-fmt"),
                new VariableActions("unset-var"),
                new AddressActions(true),
                new AddressActions(false),
                new TcpActions("accept"),
                new TcpActions("reject"),
                new TcpActions("close"),
                new UseServiceAction());
    }
}
