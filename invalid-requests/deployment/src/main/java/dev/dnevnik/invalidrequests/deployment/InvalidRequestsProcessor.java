package dev.dnevnik.invalidrequests.deployment;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.gizmo.Gizmo;

/**
 * Weaves {@code InvalidRequests} into the verticle Quarkus creates its HTTP servers in:
 * {@code vertx.createHttpServer(options)} becomes {@code InvalidRequests.install(vertx.createHttpServer(options))}
 * and {@code server.requestHandler(root)} becomes
 * {@code server.requestHandler(InvalidRequests.checkingTheTarget(root))}. Quarkus has no supported hook for either
 * (quarkusio/quarkus#55082). If a Quarkus upgrade reshapes the verticle, the build fails here rather than the
 * behaviour silently (the services' raw-socket tests check the behaviour itself).
 */
class InvalidRequestsProcessor {

    private static final String VERTICLE = "io.quarkus.vertx.http.runtime.VertxHttpRecorder$WebDeploymentVerticle";
    private static final String HOOK = "dev/dnevnik/invalidrequests/InvalidRequests";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem("dnevnik-invalid-requests");
    }

    @BuildStep
    BytecodeTransformerBuildItem answerInvalidRequestsWithProblems() {
        return new BytecodeTransformerBuildItem(VERTICLE, (className, visitor) -> new ClassVisitor(Gizmo.ASM_API_VERSION,
                visitor) {
            private int serversCreated;
            private int handlersSet;

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("start") || !descriptor.equals("(Lio/vertx/core/Promise;)V")) {
                    return method;
                }
                return new MethodVisitor(Gizmo.ASM_API_VERSION, method) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                            boolean isInterface) {
                        if (owner.equals("io/vertx/core/http/HttpServer") && called.equals("requestHandler")) {
                            // stack: server, handler -> server, checkingTheTarget(handler)
                            handlersSet++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "checkingTheTarget",
                                    "(Lio/vertx/core/Handler;)Lio/vertx/core/Handler;", false);
                            super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                        } else if (owner.equals("io/vertx/core/Vertx") && called.equals("createHttpServer")) {
                            // stack: server -> install(server)
                            super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                            serversCreated++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "install",
                                    "(Lio/vertx/core/http/HttpServer;)Lio/vertx/core/http/HttpServer;", false);
                        } else {
                            super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                        }
                    }
                };
            }

            @Override
            public void visitEnd() {
                if (serversCreated == 0 || handlersSet == 0) {
                    throw new IllegalStateException("dnevnik-invalid-requests: " + VERTICLE + " no longer creates its "
                            + "HTTP servers as expected (createHttpServer: " + serversCreated + ", requestHandler: "
                            + handlersSet + "); adapt InvalidRequestsProcessor to this Quarkus version");
                }
                super.visitEnd();
            }
        });
    }
}
