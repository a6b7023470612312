package dev.aurelis.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code keys}, {@code report}): it carries the client options its
 * subcommands inherit and, called alone, prints its usage.
 */
abstract class CommandGroup implements Callable<Integer>, ClientOptions.Holder {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public ClientOptions clientOptions() {
        return options;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
